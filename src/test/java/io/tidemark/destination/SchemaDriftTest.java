package io.tidemark.destination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaDriftTest {

    @ParameterizedTest(name = "{0} holds {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "character varying(50)|character varying(10)|true",
        "character varying(10)|character varying(50)|false",
        "character varying|character varying(10)|true",
        "text|character varying(10)|true",
        "character varying(10)|text|false",
        "bigint|integer|true",
        "integer|bigint|false",
        "integer|smallint|true",
        "numeric(12,2)|numeric(8,2)|true",
        "numeric(12,4)|numeric(12,2)|false",
        "numeric(12,4)|numeric(10,2)|true",
        "numeric(8,2)|numeric(12,2)|false",
        "numeric|numeric(30,10)|true",
        "numeric|bigint|true",
        "numeric(12,0)|integer|true",
        "numeric(9,0)|integer|false",
        "double precision|real|true",
        "real|double precision|false",
        "timestamp(6) with time zone|timestamp(3) with time zone|true",
        "timestamp with time zone|timestamp(3) with time zone|true",
        "timestamp(3) with time zone|timestamp with time zone|false",
        "timestamp with time zone|timestamp without time zone|false",
        "bigint[]|integer[]|true",
        "integer[]|integer|false",
        "text|integer|false",
        "integer|text|false",
        "jsonb|json|false",
        "uuid|uuid|true",
    })
    void widenings(String wide, String narrow, boolean holds) {
        assertThat(TypeWidening.holds(wide, narrow)).isEqualTo(holds);
    }

    @Test
    void newColumnsAreAddedWiderTypesWidenDroppedColumnsStay() {
        DestinationTable desired = table(List.of("id"), column("id", "bigint"), column("name", "character varying(50)"),
                column("amount", "numeric(8,2)"), column("added", "text"));
        List<DestinationTable.Column> existing = List.of(column("id", "integer"), column("name", "character varying(10)"),
                column("amount", "numeric(12,2)"), column("gone", "text"), column(DestinationTable.SYNCED_AT, "timestamp with time zone"));

        SchemaDrift drift = SchemaDrift.between(desired, existing, List.of("id"), true);

        assertThat(drift.unsafe()).isNull();
        assertThat(drift.added()).containsExactly(column("added", "text"));
        assertThat(drift.widened()).containsExactly(column("id", "bigint"), column("name", "character varying(50)"));
        assertThat(drift.leftBehind()).as("Tidemark's own columns are not the source's").containsExactly("gone");
    }

    @Test
    void anotherTypeOrKeyIsUnsafe() {
        DestinationTable desired = table(List.of("id"), column("id", "integer"), column("code", "integer"));

        SchemaDrift retyped = SchemaDrift.between(desired, List.of(column("id", "integer"), column("code", "text")), List.of("id"), true);
        SchemaDrift rekeyed = SchemaDrift.between(desired, List.of(column("id", "integer"), column("code", "integer")), List.of("code"), true);

        assertThat(retyped.unsafe()).isEqualTo("column \"code\" changed from text to integer, which is not a widening");
        assertThat(rekeyed.unsafe()).isEqualTo("its primary key is (code) in the destination but (id) in the source");
        assertThat(SchemaDrift.between(desired, List.of(column("id", "integer"), column("code", "text")), List.of("id"), false).unsafe())
                .as("inferred types are not compared").isNull();
    }

    private static DestinationTable table(List<String> key, DestinationTable.Column... columns) {
        return new DestinationTable("s", "t", List.of(columns), key);
    }

    private static DestinationTable.Column column(String name, String type) {
        return new DestinationTable.Column(name, type);
    }
}
