package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.run.CycleReport;
import io.tidemark.run.TableRun;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo: setup.sql synced row for row, and {@code --once} on the embedded default database. */
class DemoDatabaseTest {
    private static final Map<String, Long> DEMO_ROWS = Map.of(
            "fivetran_connector.customers", 5_000L, "fivetran_connector.suppliers", 200L,
            "fivetran_connector.products", 2_000L, "fivetran_connector.orders", 50_000L,
            "fivetran_connector.order_items", 200_000L, "fivetran_connector.inventory", 8_000L,
            "public.customer_data", 10L);

    @Test
    void setupSqlIsSyncedRowForRowInAllThreeCategories(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.execute(Files.readString(Path.of("setup.sql"), StandardCharsets.UTF_8));
                connection.commit();
            }
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.small-table-rows", "10000");
            properties.setProperty("tidemark.sync.large-table-rows", "100000");

            CycleReport report;
            try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
                report = runtime.runSyncCycle();
            }

            assertThat(report.succeeded()).isTrue();
            Map<String, TableRun> runs = report.tables().stream()
                    .collect(Collectors.toMap(r -> r.table().qualifiedName(), Function.identity()));
            assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(DEMO_ROWS.keySet());
            assertThat(runs.get("fivetran_connector.order_items").table().category().label()).isEqualTo("large");
            assertThat(runs.get("fivetran_connector.order_items").batches()).isEqualTo(200); // 200 pages of 1000; the read that found the end wrote nothing
            assertThat(runs.get("fivetran_connector.orders").table().category().label()).isEqualTo("medium");
            assertThat(runs.get("fivetran_connector.customers").table().category().label()).isEqualTo("small");
            for (String table : DEMO_ROWS.keySet()) {
                String[] parts = table.split("\\.");
                JsonlDataset.read(work.resolve("out").resolve(table)).assertEqualsTable(database, parts[0], parts[1]);
            }
        }
    }

    @Test
    void onceOnTheEmbeddedDefaultExitsZeroWithEveryDemoTable(@TempDir Path work) {
        Properties properties = new Properties();
        properties.setProperty("tidemark.sink.directory", work.resolve("out").toString());
        properties.setProperty("tidemark.state.directory", work.resolve("state").toString());

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("total: 7 tables, 265,210 rows");
        Map<String, JsonNode> runs = JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records().stream()
                .collect(Collectors.toMap(r -> r.get("table").asText(), Function.identity()));
        DEMO_ROWS.forEach((table, rows) -> {
            assertThat(runs.get(table).get("rows").asLong()).as(table).isEqualTo(rows);
            assertThat(runs.get(table).get("status").asText()).as(table).isEqualTo("success");
            assertThat(JsonlDataset.read(work.resolve("out").resolve(table)).size()).as(table).isEqualTo(rows.intValue());
        });
        // the demo overlay puts the demo tables in all three categories
        assertThat(runs.values()).extracting(r -> r.get("category").asText()).contains("small", "medium", "large");
        assertThat(work.resolve("out/_tidemark.postgres_tables")).isNotEmptyDirectory();
        assertThat(work.resolve("out/_tidemark.postgres_columns")).isNotEmptyDirectory();
    }
}
