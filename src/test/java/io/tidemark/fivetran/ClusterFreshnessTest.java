package io.tidemark.fivetran;

import static io.tidemark.fivetran.FakeFivetran.KEY;
import static io.tidemark.fivetran.FakeFivetran.SECRET;
import static io.tidemark.fivetran.FakeFivetran.connectionPath;
import static io.tidemark.fivetran.FakeFivetran.scheduled;
import static io.tidemark.fivetran.FakeFivetran.syncAccepted;
import static io.tidemark.fivetran.FakeFivetran.syncPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.testing.ClusterNode;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clustered nodes checking freshness every 2 s against stale data: each check runs on one node, and the
 * connection is triggered once, cluster-wide; the later checks find it in its cooldown (kept in the shared
 * checkpoint store) and call nothing.
 */
class ClusterFreshnessTest {
    private static final String CONNECTION = "cluster_connection";

    @Test
    void staleDataIsTriggeredOnceAcrossTheCluster(@TempDir Path work) throws Exception {
        try (FakeFivetran fivetran = new FakeFivetran(); TestDatabase source = TestDatabase.create();
             TestDatabase control = TestDatabase.create()) {
            fivetran.status(CONNECTION, scheduled(CONNECTION, "2026-03-01T08:00:00.000Z", null));
            fivetran.sync(CONNECTION, syncAccepted(CONNECTION));
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY)");
            Map<String, String> settings = Map.of(
                    "TIDEMARK_SYNC_CRON", "0 0 0 1 1 ? 2099",
                    "TIDEMARK_FRESHNESS_ENABLED", "true",
                    "TIDEMARK_FRESHNESS_CRON", "0/2 * * * * ?",
                    "TIDEMARK_FRESHNESS_QUERY", "SELECT 'Stale data' AS freshness_status",
                    "TIDEMARK_FIVETRAN_BASE_URL", fivetran.baseUrl(),
                    "TIDEMARK_FIVETRAN_API_KEY", KEY,
                    "TIDEMARK_FIVETRAN_API_SECRET", SECRET,
                    "TIDEMARK_FIVETRAN_CONNECTION_ID", CONNECTION);
            List<JsonNode> events = new ArrayList<>();
            try (ClusterNode first = ClusterNode.start("node-1", work, source, control, settings);
                 ClusterNode second = ClusterNode.start("node-2", work, source, control, settings)) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (System.nanoTime() < deadline && events(first, second).size() < 5) {
                    Thread.sleep(500);
                }
                events.addAll(events(first, second));
                assertThat(events).as("freshness decisions; node-1's log:%n%s", first.log()).hasSizeGreaterThanOrEqualTo(5);
            }
            assertThat(fivetran.calls()).containsExactly("GET " + connectionPath(CONNECTION), "POST " + syncPath(CONNECTION));
            assertThat(events).extracting(e -> e.get("outcome").asText()).containsOnlyOnce("triggered")
                    .containsOnly("triggered", "cooldown");
            // one check per firing (every 2 s), on one of the nodes: no two checks started in the same second (a check
            // id starts with its second)
            assertThat(events).extracting(e -> e.get("check_id").asText().substring(0, "20261129T120000Z".length()))
                    .doesNotHaveDuplicates();
        }
    }

    private static List<JsonNode> events(ClusterNode... nodes) {
        List<JsonNode> events = new ArrayList<>();
        for (ClusterNode node : nodes) {
            Path folder = node.dataset("_tidemark.sync_events");
            if (Files.isDirectory(folder)) {
                events.addAll(JsonlDataset.read(folder).records());
            }
        }
        return events;
    }
}
