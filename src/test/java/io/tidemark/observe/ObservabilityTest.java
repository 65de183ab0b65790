package io.tidemark.observe;

import static io.tidemark.testing.ManagementPort.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.ManagementPort;
import io.tidemark.testing.Tidemark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The management server of a scheduled Tidemark, over HTTP: {@code /observe/health} UP with Tidemark's checks on a
 * healthy node and DOWN with the reason once the source is gone; {@code /observe/metrics} with the {@code tidemark_}
 * meters of what a cycle did, answering while the source is down; {@code /observe/status} from the checkpoints.
 */
class ObservabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthAndMetricsOverHttp(@TempDir Path work) throws Exception {
        // a source of its own, to stop it during the test
        try (EmbeddedPostgres source = EmbeddedPostgres.builder().setDataDirectory(work.resolve("pgdata")).setCleanDataDirectory(true).start()) {
            try (Connection connection = source.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL);"
                        + " INSERT INTO public.orders SELECT g, now() - interval '1 hour' FROM generate_series(1, 1200) g;"
                        + TestDatabase.SEED_FRESHNESS_DEMO);
            }
            Properties properties = new Properties();
            properties.setProperty("tidemark.source.jdbc-url", "jdbc:postgresql://127.0.0.1:" + source.getPort() + "/postgres");
            properties.setProperty("tidemark.source.username", "postgres");
            properties.setProperty("tidemark.sink.directory", work.resolve("out").toString());
            properties.setProperty("tidemark.state.directory", work.resolve("state").toString());
            properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
            properties.setProperty("tidemark.sync.batch-size", "500");
            ManagementPort management = ManagementPort.of(properties);

            try (TidemarkRuntime runtime = Tidemark.scheduledByHand(properties)) {
                runtime.start();
                JsonNode healthy = management.health();
                assertThat(healthy.get("status").asText()).isEqualTo("UP");
                assertThat(check(healthy, "tidemark-source").get("status").asText()).isEqualTo("UP");
                assertThat(check(healthy, "tidemark-state-store").get("status").asText()).isEqualTo("UP");
                assertThat(check(healthy, "tidemark-last-cycle").get("message").asText()).isEqualTo("no sync cycle has finished yet");

                runtime.runSyncCycle();
                try (Connection connection = source.getPostgresDatabase().getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO public.orders SELECT g, now() FROM generate_series(1201, 1230) g");
                }
                runtime.runSyncCycle();
                runtime.runFreshnessCheck();

                String metrics = management.get("/observe/metrics").body();
                assertThat(metrics)
                        .contains("tidemark_table_rows_total{category=\"small\",table=\"public.orders\"} 1230.0")
                        .contains("tidemark_table_batches_total{category=\"small\",table=\"public.orders\"} 4.0")
                        .contains("tidemark_batch_size{category=\"small\"} 500.0")
                        .contains("tidemark_category_threads{category=\"small\"}")
                        .contains("tidemark_pressure_level{resource=\"memory\"}")
                        .contains("tidemark_cycle_duration_seconds_count 2")
                        .contains("tidemark_cycle_last_failed_tables 0.0")
                        .contains("tidemark_table_runs_total{status=\"success\",table=\"public.orders\"} 2.0")
                        .contains("tidemark_freshness_decisions_total{decision=\"sync-needed\"} 1.0")
                        .contains("camel_exchanges_total"); // Camel's own route meters stay
                assertThat(lagSeconds(metrics, "public.orders")).as("the last row written was changed just before the cycle")
                        .isBetween(0.0, 60.0);
                assertThat(check(management.health(), "tidemark-last-cycle").get("status").asText()).isEqualTo("UP");

                // status --json over HTTP, from the checkpoint store
                HttpResponse<String> status = management.get("/observe/status");
                assertThat(status.headers().firstValue("content-type")).hasValue("application/json");
                JsonNode orders = null;
                for (JsonNode table : JSON.readTree(status.body())) {
                    if (table.get("table").asText().equals("public.orders")) {
                        orders = table;
                    }
                }
                assertThat(orders).as(status.body()).isNotNull();
                assertThat(orders.get("phase").asText()).isEqualTo("incremental");
                assertThat(orders.get("category").asText()).isEqualTo("small");
                assertThat(orders.get("rows_in_last_run").asLong()).isEqualTo(30);

                source.close();

                HttpResponse<String> down = management.get("/observe/health?data=true");
                assertThat(down.statusCode()).isEqualTo(503);
                JsonNode unhealthy = JSON.readTree(down.body());
                assertThat(unhealthy.get("status").asText()).isEqualTo("DOWN");
                assertThat(check(unhealthy, "tidemark-source").get("message").asText()).startsWith("source unreachable: ");
                // a scrape reads memory only: it answers while the source is down
                assertThat(management.get("/observe/metrics").body()).contains("tidemark_table_rows_total");

                // the checkpoint folder's place taken by a file: nothing can be checkpointed
                Path tables = work.resolve("state/tables");
                try (var files = Files.walk(tables)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
                Files.writeString(tables, "not a folder");
                assertThat(check(management.health(), "tidemark-state-store").get("message").asText())
                        .startsWith("checkpoints cannot be written: ");
            }
        }
    }

    private static double lagSeconds(String metrics, String table) {
        String prefix = "tidemark_table_lag_seconds{table=\"" + table + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(prefix)).mapToDouble(line -> Double.parseDouble(line.substring(prefix.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no lag of " + table));
    }
}
