package io.tidemark.cluster;

import static io.tidemark.testing.ManagementPort.check;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.run.TableRun;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.ManagementPort;
import io.tidemark.testing.Tidemark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One cluster node in this JVM, over the real routes: a cycle it fires goes through the claim table and its own
 * claims, its report and {@code sync_runs} name the node; {@code /observe/health} has {@code tidemark-cluster}, UP
 * while the control database answers the heartbeats and DOWN with why once it is gone; the claim meters.
 */
class ClusterNodeTest {

    @Test
    void aNodeRunsItsCycleThroughClaimsAndReportsItsHeartbeatInHealth(@TempDir Path work) throws Exception {
        // a control database of its own, to stop it during the test
        try (TestDatabase source = TestDatabase.create();
             EmbeddedPostgres control = EmbeddedPostgres.builder().setDataDirectory(work.resolve("control"))
                     .setCleanDataDirectory(true).start()) {
            source.execute("CREATE TABLE public.orders (id int PRIMARY KEY); INSERT INTO public.orders SELECT generate_series(1, 2500);"
                    + " CREATE TABLE public.notes (id int PRIMARY KEY, body text); INSERT INTO public.notes VALUES (1, 'a')");
            String controlUrl = "jdbc:postgresql://127.0.0.1:" + control.getPort() + "/postgres";
            Properties properties = Tidemark.against(source, work);
            properties.setProperty("tidemark.state.type", "jdbc");
            properties.setProperty("tidemark.state.jdbc-url", controlUrl);
            properties.setProperty("tidemark.state.username", "postgres");
            properties.setProperty("tidemark.cluster.enabled", "true");
            properties.setProperty("tidemark.cluster.jdbc-url", controlUrl);
            properties.setProperty("tidemark.cluster.username", "postgres");
            properties.setProperty("tidemark.cluster.node-name", "solo-node");
            properties.setProperty("tidemark.cluster.heartbeat-interval", "PT0.3S");
            properties.setProperty("tidemark.cluster.claim-timeout", "PT1S");
            properties.setProperty("tidemark.freshness.enabled", "false");
            ManagementPort management = ManagementPort.of(properties);

            try (TidemarkRuntime runtime = Tidemark.scheduledByHand(properties)) {
                runtime.start();
                JsonNode cluster = check(management.health(), "tidemark-cluster");
                assertThat(cluster.get("status").asText()).isEqualTo("UP");
                assertThat(cluster.get("data").get("node").asText()).isEqualTo("solo-node");

                CycleReport report = runtime.runSyncCycle();
                assertThat(report.tables()).extracting(TableRun::node).containsOnly("solo-node");
                assertThat(report.tables()).extracting(TableRun::status).containsOnly(TableRun.Status.SUCCESS);
                assertThat(report.totalRows()).isEqualTo(2501);
                assertThat(report.summaryLines().get(0)).contains("  node  ");
                assertThat(JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).column("node")).containsOnly("solo-node");
                assertThat(JsonlDataset.read(work.resolve("out/public.orders"), report.runId()).size()).isEqualTo(2500);

                String metrics = management.get("/observe/metrics").body();
                assertThat(metrics).contains("tidemark_cluster_tables_held 0.0")
                        .contains("tidemark_cluster_claims_total{event=\"claimed\"} 2.0")
                        .contains("tidemark_cluster_claims_total{event=\"taken_over\"} 0.0");

                control.close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (check(management.health(), "tidemark-cluster").get("status").asText().equals("UP") && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                JsonNode down = check(management.health(), "tidemark-cluster");
                assertThat(down.get("status").asText()).isEqualTo("DOWN");
                assertThat(down.get("message").asText()).startsWith("no heartbeat answered by the control database for ")
                        .contains("(claiming tables: ");
            }
        }
    }

}
