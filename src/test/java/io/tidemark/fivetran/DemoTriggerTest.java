package io.tidemark.fivetran;

import static io.tidemark.fivetran.FakeFivetran.KEY;
import static io.tidemark.fivetran.FakeFivetran.SECRET;
import static io.tidemark.fivetran.FakeFivetran.connectionPath;
import static io.tidemark.fivetran.FakeFivetran.scheduled;
import static io.tidemark.fivetran.FakeFivetran.syncAccepted;
import static io.tidemark.fivetran.FakeFivetran.syncPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of the trigger: {@code --once} on the embedded demo (3 of 10 companies stale), with the
 * credentials in the environment as the README tells, against a server playing Fivetran.
 */
class DemoTriggerTest {
    private static final String CONNECTION = "demo_connection";
    private static FakeFivetran fivetran;

    @BeforeAll
    static void start() {
        fivetran = new FakeFivetran();
    }

    @AfterAll
    static void stop() {
        fivetran.close();
    }

    @BeforeEach
    void reset() {
        fivetran.reset();
        fivetran.status(CONNECTION, scheduled(CONNECTION, "2026-03-01T08:00:00.000Z", null));
        fivetran.sync(CONNECTION, syncAccepted(CONNECTION));
    }

    private static Properties demo(Path work) {
        Properties properties = new Properties();
        properties.setProperty("tidemark.sink.directory", work.resolve("out").toString());
        properties.setProperty("tidemark.state.directory", work.resolve("state").toString());
        properties.setProperty("tidemark.source.include-tables", "public.customer_data");
        properties.setProperty("tidemark.fivetran.base-url", fivetran.baseUrl());
        properties.setProperty("tidemark.fivetran.connection-id", CONNECTION);
        return properties;
    }

    private static final Map<String, String> CREDENTIALS = Map.of("TIDEMARK_FIVETRAN_API_KEY", KEY,
            "TIDEMARK_FIVETRAN_API_SECRET", SECRET);

    @Test
    void staleDemoDataIsOneStatusReadThenOneTrigger(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(demo(work), CREDENTIALS, "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(fivetran.calls()).containsExactly("GET " + connectionPath(CONNECTION), "POST " + syncPath(CONNECTION));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<JsonNode> events = JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("outcome").asText()).isEqualTo("triggered");
        assertThat(events.get(0).get("sync_triggered").asBoolean()).isTrue();
        assertThat(events.get(0).get("stale_records_count").asLong()).isEqualTo(3);
        assertThat(result.stdout()).contains("freshness: 30.0% of records are stale (3/10), above the 10% threshold"
                + " → triggered: sync of demo_connection triggered");
    }

    @Test
    void freshDemoDataCallsNothing(@TempDir Path work) {
        Properties properties = demo(work);
        properties.setProperty("tidemark.freshness.threshold-percent", "30"); // 30 % is not strictly above 30 %

        Tidemark.Result result = Tidemark.main(properties, CREDENTIALS, "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(fivetran.calls()).isEmpty();
        List<JsonNode> events = JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
        assertThat(events).extracting(e -> e.get("outcome").asText()).containsExactly("not_needed");
    }
}
