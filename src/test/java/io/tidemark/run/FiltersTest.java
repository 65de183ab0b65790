package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed's promised but ignored options: the region filter (bound, in SQL, for every table that has the
 * column) and per-table filters (where, columns, cursor), checked against the tables at start-up.
 */
class FiltersTest {
    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TYPE area AS ENUM ('Europe', 'Asia Pacific', 'North America');
                CREATE TABLE public.orders (id integer PRIMARY KEY, region varchar(50) NOT NULL, status text, amount numeric,
                    changed timestamptz NOT NULL DEFAULT now() - interval '1 hour');
                INSERT INTO public.orders (id, region, status, amount)
                SELECT g, (ARRAY['Europe', 'Asia Pacific', 'North America'])[1 + g % 3], CASE WHEN g % 10 = 0 THEN 'test' ELSE 'paid' END, g
                FROM generate_series(1, 3000) g;
                CREATE TABLE public.stores (id integer PRIMARY KEY, region area NOT NULL);
                INSERT INTO public.stores SELECT g, (enum_range(NULL::area))[1 + g % 3] FROM generate_series(1, 30) g;
                CREATE TABLE public.products (id integer PRIMARY KEY, name text);
                INSERT INTO public.products SELECT g, 'p' || g FROM generate_series(1, 50) g;
                CREATE TABLE public.logs (line text, region text);
                INSERT INTO public.logs SELECT 'l' || g, CASE WHEN g % 2 = 0 THEN 'Europe' ELSE 'Asia Pacific' END FROM generate_series(1, 40) g;
                ANALYZE;
                """);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void theRegionFilterKeepsMatchingRowsInEveryTableThatHasTheColumn(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.region", "Europe");

        CycleReport report = cycle(properties);

        assertThat(report.succeeded()).isTrue();
        assertThat(JsonlDataset.read(work.resolve("out/public.orders")).column("region")).hasSize(1000).containsOnly("Europe");
        assertThat(JsonlDataset.read(work.resolve("out/public.stores")).column("region")).as("an enum column").hasSize(10).containsOnly("Europe");
        assertThat(JsonlDataset.read(work.resolve("out/public.logs")).column("region")).as("a table without a key").hasSize(20).containsOnly("Europe");
        assertThat(JsonlDataset.read(work.resolve("out/public.products")).size()).as("no region column: all rows").isEqualTo(50);
    }

    @Test
    void aTableFilterSelectsRowsColumnsAndTheCursor(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
        properties.setProperty("tidemark.sync.table-filters", """
                {"public.ord*": {"where": "status <> 'test' AND amount > 100", "columns": ["id", "status", "changed"], "cursor": "changed"},
                 "public.pro*": {"where": "id <= 5"}}
                """);

        CycleReport first = cycle(properties);
        database.execute("UPDATE public.orders SET status = 'refunded', changed = now() WHERE id IN (101, 102);"
                + "UPDATE public.orders SET changed = now() WHERE id = 110;");
        CycleReport second = cycle(properties);
        database.execute("UPDATE public.orders SET status = 'paid' WHERE id IN (101, 102);"
                + "UPDATE public.orders SET changed = now() - interval '1 hour' WHERE id IN (101, 102, 110);");

        List<JsonNode> orders = JsonlDataset.read(work.resolve("out/public.orders"), first.runId()).records();
        assertThat(orders).hasSize(3000 - 300 - 90); // not the 300 test orders, nor the 90 other ones of amount <= 100
        assertThat(orders.get(0).fieldNames()).toIterable().containsExactly("id", "status", "changed", "_tidemark_op", "_tidemark_synced_at");
        assertThat(JsonlDataset.read(work.resolve("out/public.products"), first.runId()).size()).as("the first matching glob applies").isEqualTo(5);
        TableRun incremental = second.tables().stream().filter(r -> r.table().name().equals("orders")).findFirst().orElseThrow();
        assertThat(incremental.mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(JsonlDataset.read(work.resolve("out/public.orders"), second.runId()).column("id"))
                .as("the cursor override, and the where still applies (110 is a test order)").containsExactlyInAnyOrder("101", "102");
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                Arguments.of("{\"public.orders\": {\"where\": \"no_such_column = 1\"}}",
                        "tidemark.sync.table-filters: filter of public.orders: its where (no_such_column = 1) does not run on the table: ERROR: column \"no_such_column\" does not exist"),
                Arguments.of("{\"public.orders\": {\"columns\": [\"status\"]}}",
                        "tidemark.sync.table-filters: filter of public.orders: columns must include the primary key column 'id'"),
                Arguments.of("{\"public.orders\": {\"columns\": [\"id\", \"nope\"]}}",
                        "tidemark.sync.table-filters: filter of public.orders: column 'nope' is not a column of the table"),
                Arguments.of("{\"public.orders\": {\"cursor\": \"status\"}}",
                        "tidemark.sync.table-filters: filter of public.orders: its cursor 'status' is text, not a timestamp, timestamptz, date or integer"),
                Arguments.of("{\"public.orders\": {\"columns\": [\"id\", \"status\"], \"cursor\": \"changed\"}}",
                        "tidemark.sync.table-filters: filter of public.orders: columns must include the cursor column 'changed'"),
                Arguments.of("{\"public.orders\": {\"wher\": \"x\"}}",
                        "tidemark.sync.table-filters: the filter of 'public.orders' has an unknown field 'wher' (where, columns, cursor)"),
                Arguments.of("{\"orders\": {}}", "tidemark.sync.table-filters: 'orders' is not a schema.table glob"),
                Arguments.of("[1, 2]", "tidemark.sync.table-filters: must be a JSON object keyed by schema.table globs"),
                Arguments.of("{\"public.orders\": ", "tidemark.sync.table-filters: is not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("misfits")
    void aFilterThatDoesNotFitItsTableIsAConfigurationError(String filters, String expected, @TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.table-filters", filters);

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr().lines().toList()).hasSize(1);
        assertThat(result.stderr()).startsWith("tidemark: configuration error: " + expected);
        assertThat(work.resolve("out")).doesNotExist();
    }

    private static CycleReport cycle(Properties properties) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            return runtime.runSyncCycle();
        }
    }
}
