package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import io.tidemark.state.FileStateStore;
import io.tidemark.state.TableState;
import io.tidemark.state.TableState.Phase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark status [--json]}: each table's checkpoint, from the state store alone. */
class StatusCommandTest {
    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.orders (id integer PRIMARY KEY, updated_at timestamptz NOT NULL);
                INSERT INTO public.orders SELECT g, TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 minute'
                  FROM generate_series(1, 300) g;
                CREATE TABLE public.codes (code text PRIMARY KEY);
                INSERT INTO public.codes SELECT 'c' || g FROM generate_series(1, 20) g;
                ANALYZE;
                """);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void showsEachTablesPhaseAndPositionWithoutTheSource(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.freshness.enabled", "false");
        properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
        assertThat(Tidemark.main(properties, Map.of(), "--once").exitCode()).isZero();
        // status reads the checkpoints only: a source that cannot be reached does not matter
        properties.setProperty("tidemark.source.jdbc-url", "jdbc:postgresql://127.0.0.1:1/nowhere");

        Tidemark.Result text = Tidemark.main(properties, Map.of(), "status");
        Tidemark.Result json = Tidemark.main(properties, Map.of(), "status", "--json");

        assertThat(text.exitCode()).as(text.stderr()).isZero();
        assertThat(text.stdout().lines()).hasSize(3);
        assertThat(text.stdout())
                .containsPattern("(?m)^table +phase +category +rows last run +last checkpoint +run +position$")
                .containsPattern("(?m)^public\\.codes +complete +small +20 +.*full pass complete")
                // the snapshot is done: the next cycle reads rows whose cursor is at or past the snapshot's start
                .containsPattern("(?m)^public\\.orders +incremental +small +300 +.*updated_at >= \\d{4}-\\d\\d-\\d\\d [0-9:.]+\\+00$");
        assertThat(json.exitCode()).isZero();
        JsonNode tables = new ObjectMapper().readTree(json.stdout());
        assertThat(tables).hasSize(2);
        JsonNode orders = tables.get(1);
        assertThat(orders.get("table").asText()).isEqualTo("public.orders");
        assertThat(orders.get("phase").asText()).isEqualTo("incremental");
        assertThat(orders.get("cursor_column").asText()).isEqualTo("updated_at");
        assertThat(orders.get("cursor_value").asText()).isNotBlank();
        assertThat(orders.get("run_id").asText()).isNotBlank();
        assertThat(orders.get("category").asText()).isEqualTo("small");
        assertThat(orders.get("rows_in_last_run").asLong()).isEqualTo(300);
    }

    @Test
    void rowsInTheLastRunAreThoseOfTheCycleThatWroteTheCheckpoint(@TempDir Path work) throws Exception {
        try (TestDatabase own = TestDatabase.create()) {
            own.execute("""
                    CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL DEFAULT now());
                    INSERT INTO public.events SELECT g, TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '1 second'
                      FROM generate_series(1, 250) g;
                    CREATE TABLE public.codes (code text PRIMARY KEY);
                    INSERT INTO public.codes SELECT 'c' || g FROM generate_series(1, 20) g;
                    ANALYZE;
                    """);
            Properties properties = Tidemark.against(own, work);
            properties.setProperty("tidemark.freshness.enabled", "false");
            // rows inserted just before the second cycle are within its upper bound
            properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
            // several batches: the count is the run's, not the last batch's
            properties.setProperty("tidemark.sync.batch-size", "100");

            assertThat(Tidemark.main(properties, Map.of(), "--once").exitCode()).isZero();
            Map<String, JsonNode> first = statusJson(properties);

            assertThat(first.get("public.events").get("phase").asText()).isEqualTo("incremental");
            assertThat(first.get("public.events").get("rows_in_last_run").asLong()).isEqualTo(250);
            assertThat(first.get("public.events").get("category").asText()).isEqualTo("small");
            assertThat(first.get("public.codes").get("rows_in_last_run").asLong()).isEqualTo(20);

            own.execute("INSERT INTO public.events (id) SELECT generate_series(251, 253)");
            assertThat(Tidemark.main(properties, Map.of(), "--once").exitCode()).isZero();
            Map<String, JsonNode> second = statusJson(properties);

            assertThat(second.get("public.events").get("rows_in_last_run").asLong()).as("the incremental cycle's rows")
                    .isEqualTo(3);
            assertThat(second.get("public.events").get("run_id").asText())
                    .isNotEqualTo(first.get("public.events").get("run_id").asText());
            assertThat(second.get("public.events").get("category").asText()).isEqualTo("small");
            // a table without a cursor is read whole again each cycle
            assertThat(second.get("public.codes").get("rows_in_last_run").asLong()).isEqualTo(20);
        }
    }

    @Test
    void aCheckpointOfAnEarlierVersionShowsItsRowsAndCategoryAsUnknown(@TempDir Path work) throws Exception {
        FileStateStore store = new FileStateStore(work);
        store.save(new TableState("sales.items", Phase.COMPLETE, null, null, null, null, "run-1", "2026-11-29T05:00:00Z",
                List.of("id"), null));
        store.save(new TableState("sales.orders", Phase.INCREMENTAL, null, "updated_at", "2026-11-28 10:00:00+00",
                List.of("42"), "run-2", "2026-11-29T05:00:01Z", List.of("id"), "timestamp with time zone")
                .withRun(12_345, "medium"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ByteArrayOutputStream json = new ByteArrayOutputStream();

        new StatusCommand(store).run(false, new PrintStream(text, true, StandardCharsets.UTF_8));
        new StatusCommand(store).run(true, new PrintStream(json, true, StandardCharsets.UTF_8));

        assertThat(text.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^table +phase +category +rows last run +last checkpoint +run +position$")
                .containsPattern("(?m)^sales\\.items +complete +- +- +2026-11-29T05:00:00Z +run-1 +full pass complete")
                .containsPattern("(?m)^sales\\.orders +incremental +medium +12,345 +2026-11-29T05:00:01Z +run-2 +updated_at = ");
        JsonNode tables = new ObjectMapper().readTree(json.toString(StandardCharsets.UTF_8));
        JsonNode items = tables.get(0);
        assertThat(items.get("table").asText()).isEqualTo("sales.items");
        assertThat(items.get("category").isNull()).as("present, and null").isTrue();
        assertThat(items.get("rows_in_last_run").isNull()).as("present, and null").isTrue();
        JsonNode orders = tables.get(1);
        assertThat(orders.get("category").asText()).isEqualTo("medium");
        assertThat(orders.get("rows_in_last_run").isIntegralNumber()).isTrue();
        assertThat(orders.get("rows_in_last_run").asLong()).isEqualTo(12_345);
        // the fields that were there before keep their names and values
        assertThat(orders.get("phase").asText()).isEqualTo("incremental");
        assertThat(orders.get("run_id").asText()).isEqualTo("run-2");
        assertThat(orders.get("last_checkpoint").asText()).isEqualTo("2026-11-29T05:00:01Z");
        assertThat(orders.get("cursor_value").asText()).isEqualTo("2026-11-28 10:00:00+00");
    }

    /** {@code status --json}, by table. */
    private static Map<String, JsonNode> statusJson(Properties properties) throws Exception {
        Tidemark.Result result = Tidemark.main(properties, Map.of(), "status", "--json");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        Map<String, JsonNode> byTable = new TreeMap<>();
        new ObjectMapper().readTree(result.stdout()).forEach(table -> byTable.put(table.get("table").asText(), table));
        return byTable;
    }

    @Test
    void aSnapshotUnderWayAndAnIncrementalPositionAreShownByKey(@TempDir Path work) throws Exception {
        FileStateStore store = new FileStateStore(work);
        store.save(new TableState("sales.items", Phase.SNAPSHOT, List.of("7", "b"), null, null, null, "run-1",
                "2026-11-29T05:00:00Z", List.of("order_id", "line"), null));
        store.save(new TableState("sales.orders", Phase.INCREMENTAL, null, "updated_at", "2026-11-28 10:00:00+00",
                List.of("42"), "run-1", "2026-11-29T05:00:01Z", List.of("id"), "timestamp with time zone"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        new StatusCommand(store).run(false, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines())
                .anySatisfy(line -> assertThat(line).startsWith("sales.items").endsWith("after key (order_id=7, line=b)"))
                .anySatisfy(line -> assertThat(line).startsWith("sales.orders")
                        .endsWith("updated_at = 2026-11-28 10:00:00+00, after key (id=42)"));
    }

    @Test
    void aFreshStateSaysSo(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(Tidemark.against(database, work), Map.of(), "status");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo("no checkpoints yet: every table's next cycle is a full snapshot");
    }

    @Test
    void anUnknownOptionIsAUsageError(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(Tidemark.against(database, work), Map.of(), "status", "--yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("tidemark: unknown status option '--yaml' (status [--json])");
    }
}
