package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cursor detection from hand-built catalog descriptions: exact names in list order, cursor-able types only. */
class CursorDetectorTest {
    /** tidemark.sync.cursor-columns' default. */
    private static final List<String> DEFAULT_CANDIDATES = List.of("updated_at", "modified_at", "last_modified", "updated",
            "modified", "last_updated", "update_date", "modified_date");

    private static final CursorDetector DEFAULTS = new CursorDetector(DEFAULT_CANDIDATES);

    private static SourceColumn column(String name, int ordinal, String dataType, String baseType, String category) {
        return new SourceColumn(name, ordinal, dataType, baseType, category, false, null, null);
    }

    private static SourceColumn id() {
        return column("id", 1, "integer", "int4", "N");
    }

    private static SourceTable table(List<SourceColumn> columns, List<String> key) {
        return new SourceTable(1L, "public", "t", false, 0, "count", 0, null, columns, key, SizeCategory.SMALL);
    }

    private static SourceTable withId(SourceColumn... others) {
        List<SourceColumn> columns = new ArrayList<>();
        columns.add(id());
        columns.addAll(List.of(others));
        return table(columns, List.of("id"));
    }

    @Test
    void theListsOrderWinsOverTheColumnsOrder() {
        SourceColumn modifiedAt = column("modified_at", 2, "timestamp with time zone", "timestamptz", "D");
        SourceColumn updatedAt = column("updated_at", 3, "timestamp with time zone", "timestamptz", "D");
        SourceTable table = withId(modifiedAt, updatedAt);

        assertThat(new CursorDetector(List.of("updated_at", "modified_at")).detect(table)).containsSame(updatedAt);
        assertThat(new CursorDetector(List.of("modified_at", "updated_at")).detect(table)).containsSame(modifiedAt);
        assertThat(DEFAULTS.detect(table)).containsSame(updatedAt);
    }

    @Test
    void namesMatchExactlyIgnoringCase() {
        SourceColumn updatedAt = column("Updated_At", 2, "timestamp with time zone", "timestamptz", "D");

        assertThat(DEFAULTS.detect(withId(updatedAt))).containsSame(updatedAt);
        // the configured names are case-insensitive too
        SourceColumn lower = column("modified", 2, "timestamp without time zone", "timestamp", "D");
        assertThat(new CursorDetector(List.of("MODIFIED")).detect(withId(lower))).containsSame(lower);
    }

    @Test
    void noSubstringMatches() {
        SourceTable table = withId(
                column("updated_at_old", 2, "timestamp with time zone", "timestamptz", "D"),
                column("last_updated_by", 3, "text", "text", "S"),
                column("my_modified", 4, "timestamp with time zone", "timestamptz", "D"),
                column("updatedat", 5, "timestamp with time zone", "timestamptz", "D"),
                column("update", 6, "timestamp with time zone", "timestamptz", "D"));

        assertThat(DEFAULTS.detect(table)).isEmpty();
    }

    @ParameterizedTest(name = "{1} ({2}) is a cursor type")
    @CsvSource(delimiter = '|', textBlock = """
            timestamp with time zone    | timestamptz | D
            timestamp without time zone | timestamp   | D
            timestamp(3) with time zone | timestamptz | D
            date                        | date        | D
            smallint                    | int2        | N
            integer                     | int4        | N
            bigint                      | int8        | N
            public.stamp                | timestamptz | D
            """)
    void cursorTypesAreAccepted(String dataType, String baseType, String category) {
        SourceColumn updatedAt = column("updated_at", 2, dataType, baseType, category);

        Optional<SourceColumn> detected = DEFAULTS.detect(withId(updatedAt));

        assertThat(detected).containsSame(updatedAt);
    }

    @ParameterizedTest(name = "{1} ({2}) is not a cursor type")
    @CsvSource(delimiter = '|', textBlock = """
            text                          | text         | S
            character varying(30)         | varchar      | S
            numeric                       | numeric      | N
            numeric(12,0)                 | numeric      | N
            double precision              | float8       | N
            time with time zone           | timetz       | D
            time without time zone        | time         | D
            interval                      | interval     | T
            timestamp with time zone[]    | _timestamptz | A
            integer[]                     | _int4        | A
            timestamp with time zone[]    | timestamptz  | A
            bigint[]                      | int8         | A
            """)
    void otherTypesAreRejected(String dataType, String baseType, String category) {
        SourceColumn updatedAt = column("updated_at", 2, dataType, baseType, category);

        assertThat(DEFAULTS.detect(withId(updatedAt))).isEmpty();
    }

    @Test
    void aNameWithTheWrongTypeFallsThroughToTheNextCandidate() {
        SourceColumn updatedAtText = column("updated_at", 2, "text", "text", "S");
        SourceColumn lastModified = column("last_modified", 3, "bigint", "int8", "N");

        assertThat(DEFAULTS.detect(withId(updatedAtText, lastModified))).containsSame(lastModified);
    }

    @Test
    void aTableWithoutPrimaryKeyHasNoCursor() {
        SourceColumn updatedAt = column("updated_at", 2, "timestamp with time zone", "timestamptz", "D");
        SourceTable noKey = table(List.of(id(), updatedAt), List.of());

        assertThat(DEFAULTS.detect(noKey)).isEmpty();
        // the same columns with a key do have one: the key alone makes the difference
        assertThat(DEFAULTS.detect(table(List.of(id(), updatedAt), List.of("id")))).containsSame(updatedAt);
    }

    @Test
    void noCandidatesNoCursor() {
        SourceColumn updatedAt = column("updated_at", 2, "timestamp with time zone", "timestamptz", "D");

        assertThat(new CursorDetector(List.of()).detect(withId(updatedAt))).isEmpty();
    }
}
