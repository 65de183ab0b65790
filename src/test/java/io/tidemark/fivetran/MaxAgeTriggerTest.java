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
import io.tidemark.testing.TestDatabase;
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
 * The max-age rule through {@code --once} and the real routes: each table's newest row against its
 * error-after, one decision per connection, and only the connection whose table is too old triggered.
 */
class MaxAgeTriggerTest {
    private static final String ORDERS = "conn_orders";
    private static final String ITEMS = "conn_items";
    private static TestDatabase database;
    private static FakeFivetran fivetran;

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.orders (id int PRIMARY KEY, updated_at timestamptz NOT NULL);
                INSERT INTO public.orders VALUES (1, now() - interval '12 hours'), (2, now() - interval '10 hours');
                CREATE TABLE public.items (id int PRIMARY KEY, updated_at timestamptz NOT NULL);
                INSERT INTO public.items VALUES (1, now() - interval '3 hours'), (2, now() - interval '10 minutes');
                """);
        fivetran = new FakeFivetran();
    }

    @AfterAll
    static void stop() {
        fivetran.close();
        database.close();
    }

    @BeforeEach
    void reset() {
        fivetran.reset();
    }

    private static Properties maxAge(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.freshness.mode", "max-age");
        properties.setProperty("tidemark.freshness.max-age", """
                {"public.orders": {"error-after": "PT6H", "warn-after": "PT1H", "connection-id": "conn_orders"},
                 "public.items": {"error-after": "PT1H", "warn-after": "PT5M", "column": "updated_at", "connection-id": "conn_items"}}""");
        properties.setProperty("tidemark.fivetran.base-url", fivetran.baseUrl());
        return properties;
    }

    @Test
    void onlyTheConnectionOfATableOlderThanItsErrorAfterIsTriggered(@TempDir Path work) {
        for (String connection : List.of(ORDERS, ITEMS)) {
            fivetran.status(connection, scheduled(connection, "2026-03-01T08:00:00.000Z", null));
            fivetran.sync(connection, syncAccepted(connection));
        }
        Properties properties = maxAge(work);
        properties.setProperty("tidemark.fivetran.api-key", KEY);
        properties.setProperty("tidemark.fivetran.api-secret", SECRET);

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(fivetran.calls()).containsExactly("GET " + connectionPath(ORDERS), "POST " + syncPath(ORDERS));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<JsonNode> events = JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
        assertThat(events).extracting(e -> e.get("connection_id").asText()).containsExactlyInAnyOrder(ORDERS, ITEMS);
        JsonNode orders = events.stream().filter(e -> e.get("connection_id").asText().equals(ORDERS)).findFirst().orElseThrow();
        assertThat(orders.get("outcome").asText()).isEqualTo("triggered");
        assertThat(orders.get("sync_triggered").asBoolean()).isTrue();
        assertThat(orders.get("stale_records_count").asLong()).as("tables in error").isEqualTo(1);
        assertThat(orders.get("total_records_count").asLong()).as("tables judged").isEqualTo(1);
        assertThat(orders.get("trigger_reason").asText()).contains("public.orders");
        JsonNode items = events.stream().filter(e -> e.get("connection_id").asText().equals(ITEMS)).findFirst().orElseThrow();
        assertThat(items.get("outcome").asText()).isEqualTo("not_needed");
        assertThat(items.get("sync_needed").asBoolean()).isFalse();

        List<JsonNode> rows = JsonlDataset.read(work.resolve("out/_tidemark.data_freshness_monitor")).records();
        assertThat(rows).extracting(r -> r.get("table_name").asText() + " " + r.get("status").asText())
                .containsExactlyInAnyOrder("public.orders error", "public.items warn");
        JsonNode ordersRow = rows.stream().filter(r -> r.get("table_name").asText().equals("public.orders")).findFirst().orElseThrow();
        assertThat(ordersRow.get("age_seconds").asLong()).as("10 hours").isBetween(36_000L, 36_100L);
        assertThat(ordersRow.get("error_after_seconds").asLong()).isEqualTo(21_600);
        assertThat(ordersRow.get("sync_needed").asBoolean()).isTrue();
        assertThat(result.stdout()).contains("freshness: ").contains("→ triggered: sync of conn_orders triggered")
                .contains("→ no sync needed");
    }

    @Test
    void aDryRunDecidesPerTableAndCallsNothing(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(maxAge(work), Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(fivetran.calls()).isEmpty();
        List<JsonNode> events = JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
        assertThat(events).extracting(e -> e.get("connection_id").asText() + " " + e.get("outcome").asText())
                .containsExactlyInAnyOrder(ORDERS + " dry_run", ITEMS + " not_needed");
        assertThat(events).allSatisfy(e -> assertThat(e.get("dry_run").asBoolean()).isTrue());
    }

    @Test
    void aGlobMatchingNoTableIsAConfigurationError(@TempDir Path work) {
        Properties properties = maxAge(work);
        properties.setProperty("tidemark.freshness.max-age", "{\"public.nothing_here\": {\"error-after\": \"PT1H\"}}");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).startsWith("tidemark: configuration error: tidemark.freshness.max-age:")
                .contains("public.nothing_here");
        assertThat(work.resolve("out")).doesNotExist();
    }

    @Test
    void credentialsWithoutAnyConnectionForATableAreAConfigurationError(@TempDir Path work) {
        Properties properties = maxAge(work);
        properties.setProperty("tidemark.freshness.max-age", "{\"public.orders\": {\"error-after\": \"PT1H\"}}");
        properties.setProperty("tidemark.fivetran.api-key", KEY);
        properties.setProperty("tidemark.fivetran.api-secret", SECRET);

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.fivetran.connection-id:"
                + " must be set when the Fivetran API key is set, unless every tidemark.freshness.max-age entry names"
                + " its connection-id");
    }
}
