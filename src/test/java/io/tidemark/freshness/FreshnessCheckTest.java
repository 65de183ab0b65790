package io.tidemark.freshness;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The freshness route through {@code --once}: the seed's demo data (3 of 10 companies older than 24 hours),
 * the strict threshold, zero rows, configurable column and value, and the checks made before anything runs.
 * Without Fivetran credentials every check is a dry run: nothing is called.
 */
class FreshnessCheckTest {
    private static TestDatabase database;

    @BeforeAll
    static void loadTheSeedsFreshnessDemo() {
        database = TestDatabase.create();
        database.execute(TestDatabase.SEED_FRESHNESS_DEMO);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void threeOfTenStaleIsAboveTheThresholdAndEveryRowAndDecisionIsRecorded(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.fivetran.connection-id", "conn_a,conn_b");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("freshness: 30.0% of records are stale (3/10), above the 10% threshold"
                + " → sync needed (dry run: no Fivetran API key, nothing called)");
        List<JsonNode> events = JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
        assertThat(events).extracting(e -> e.get("connection_id").asText()).containsExactly("conn_a", "conn_b");
        JsonNode event = events.get(0);
        assertThat(event.get("sync_needed").asBoolean()).isTrue();
        assertThat(event.get("sync_triggered").asBoolean()).as("a dry run triggers nothing").isFalse();
        assertThat(event.get("dry_run").asBoolean()).isTrue();
        assertThat(event.get("stale_records_count").asLong()).isEqualTo(3);
        assertThat(event.get("total_records_count").asLong()).isEqualTo(10);
        assertThat(event.get("stale_percentage").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(event.get("api_status").isNull()).isTrue();
        List<JsonNode> rows = JsonlDataset.read(work.resolve("out/_tidemark.data_freshness_monitor")).records();
        assertThat(rows).hasSize(10);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("check_id").asText()).isEqualTo(event.get("check_id").asText());
            assertThat(row.get("sync_needed").asBoolean()).isTrue();
            assertThat(row.get("company_id").isInt()).as("values keep their JSON types").isTrue();
        });
        assertThat(rows).filteredOn(r -> r.get("freshness_status").asText().equals("Stale data")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one of ten is not above 10% | company_name = 'Acme' | true  | 10.0% of records are stale (1/10), not above the 10% threshold → no sync needed",
        "two of ten is above 10%     | company_id <= 2       | true  | 20.0% of records are stale (2/10), above the 10% threshold → sync needed (dry run: no Fivetran API key, nothing called)",
        "no rows: no sync            | true                  | false | no rows returned by the freshness query → no sync needed"})
    void theThresholdIsStrictAndNoRowsMeansNoSync(String name, String stale, String where, String expected, @TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.freshness.query", "SELECT company_id, CASE WHEN " + stale
                + " THEN 'old' ELSE 'new' END AS state FROM customer_data WHERE " + where);
        properties.setProperty("tidemark.freshness.status-column", "state");
        properties.setProperty("tidemark.freshness.stale-value", "old");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("freshness: " + expected);
    }

    @Test
    void aQueryWithoutTheStatusColumnOrThatDoesNotRunIsAConfigurationError(@TempDir Path work) {
        Properties missingColumn = Tidemark.against(database, work);
        missingColumn.setProperty("tidemark.freshness.query", "SELECT company_id FROM customer_data");
        Tidemark.Result noColumn = Tidemark.main(missingColumn, Map.of(), "--once");
        assertThat(noColumn.exitCode()).isEqualTo(2);
        assertThat(noColumn.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.freshness.status-column:"
                + " the freshness query returns no column 'freshness_status' (it returns company_id)");

        Properties broken = Tidemark.against(database, work);
        broken.setProperty("tidemark.freshness.query", "SELECT * FROM no_such_table");
        Tidemark.Result notRunning = Tidemark.main(broken, Map.of(), "--once");
        assertThat(notRunning.exitCode()).isEqualTo(2);
        assertThat(notRunning.stderr().strip()).startsWith("tidemark: configuration error: tidemark.freshness.query:"
                + " does not run on the source: ERROR: relation \"no_such_table\" does not exist");

        Properties keyWithoutSecret = Tidemark.against(database, work);
        keyWithoutSecret.setProperty("tidemark.fivetran.api-key", "key-123");
        Tidemark.Result halfCredentials = Tidemark.main(keyWithoutSecret, Map.of(), "--once");
        assertThat(halfCredentials.exitCode()).isEqualTo(2);
        assertThat(halfCredentials.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.fivetran.api-secret:"
                + " must be set together with tidemark.fivetran.api-key (or leave both empty for dry runs)");

        Properties noConnection = Tidemark.against(database, work);
        noConnection.setProperty("tidemark.fivetran.api-key", "key-123");
        noConnection.setProperty("tidemark.fivetran.api-secret", "secret-456");
        Tidemark.Result nowhereToTrigger = Tidemark.main(noConnection, Map.of(), "--once");
        assertThat(nowhereToTrigger.exitCode()).isEqualTo(2);
        assertThat(nowhereToTrigger.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.fivetran.connection-id:"
                + " must be set when the Fivetran API key is set, unless the freshness query returns a connection_id column");

        Properties badConnection = Tidemark.against(database, work);
        badConnection.setProperty("tidemark.fivetran.connection-id", "ok_id,../../v1/users");
        Tidemark.Result badId = Tidemark.main(badConnection, Map.of(), "--once");
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.fivetran.connection-id:"
                + " '../../v1/users' is not a Fivetran connection id (letters, digits, _ and -)");
        assertThat(halfCredentials.stderr() + nowhereToTrigger.stderr() + badId.stderr() + halfCredentials.stdout()
                + nowhereToTrigger.stdout()).doesNotContain("key-123").doesNotContain("secret-456");
        assertThat(work.resolve("out")).doesNotExist();
    }

    @Test
    void aQueryRunningPastItsTimeoutFailsTheCheckAndExitsOne(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.freshness.query", "SELECT pg_sleep(2)::text AS slept, 'new' AS freshness_status");
        properties.setProperty("tidemark.freshness.statement-timeout", "PT0.5S");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).contains("tidemark: freshness check failed:").contains("statement timeout");
        assertThat(result.stdout()).contains("total: 1 tables").contains("0 failed"); // the sync itself ran
    }
}
