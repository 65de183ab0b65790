package io.tidemark.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.fivetran.TriggerOutcome;
import io.tidemark.fivetran.TriggerOutcome.Outcome;
import io.tidemark.fivetran.TriggerRequest;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision of the real {@code freshness-check} route, seen where it leaves the route: a mock woven before its
 * {@code direct:fivetran-trigger} step receives the {@link TriggerRequest} of every judged connection (which
 * connection, whether it needs a sync), before the trigger acts on it. Without credentials the trigger is a dry run:
 * the {@code fivetran-call} route is never entered.
 */
class FreshnessCheckRouteTest {
    private static TestDatabase database;

    @BeforeAll
    static void createData() {
        database = TestDatabase.create();
        // the seed's demo: 3 of 10 companies updated more than 24 hours ago
        database.execute(TestDatabase.SEED_FRESHNESS_DEMO);
        // rows naming their connection: conn_a 3 of 5 stale, conn_b 0 of 5
        database.execute(TestDatabase.CONNECTION_ROWS);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static Properties properties(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.fivetran.connection-id", "conn_demo");
        return properties;
    }

    @Test
    void staleAboveTheThresholdAsksForASyncOfTheConfiguredConnection(@TempDir Path work) throws Exception {
        FreshnessReport report = checkExpecting(properties(work), new TriggerRequest("conn_demo", true));

        assertThat(report.syncNeeded()).isTrue();
        assertThat(report.outcomes()).extracting(TriggerOutcome::outcome).containsExactly(Outcome.DRY_RUN);
    }

    @Test
    void staleExactlyAtTheThresholdAsksForNoSync(@TempDir Path work) throws Exception {
        Properties properties = properties(work);
        properties.setProperty("tidemark.freshness.threshold-percent", "30");

        FreshnessReport report = checkExpecting(properties, new TriggerRequest("conn_demo", false));

        assertThat(report.syncNeeded()).isFalse();
        assertThat(report.outcomes()).extracting(TriggerOutcome::outcome).containsExactly(Outcome.NOT_NEEDED);
    }

    @Test
    void eachConnectionOfTheQueryIsDecidedOnItsOwn(@TempDir Path work) throws Exception {
        Properties properties = properties(work);
        properties.setProperty("tidemark.freshness.query", "SELECT id, connection_id, CASE WHEN state = 'old' THEN 'Stale data'"
                + " ELSE 'Fresh data' END AS freshness_status FROM public.connection_rows");

        FreshnessReport report = checkExpecting(properties, new TriggerRequest("conn_a", true), new TriggerRequest("conn_b", false));

        assertThat(report.outcomes()).extracting(TriggerOutcome::outcome).containsExactly(Outcome.DRY_RUN, Outcome.NOT_NEEDED);
    }

    /** Runs one check of the real route and asserts the trigger requests it made, in order, and that nothing was called. */
    private static FreshnessReport checkExpecting(Properties properties, TriggerRequest... expected) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            CamelContext camel = runtime.camelContext();
            AdviceWith.adviceWith(camel, "freshness-check",
                    route -> route.weaveByToUri("direct:fivetran-trigger").before().to("mock:trigger-requests"));
            AdviceWith.adviceWith(camel, "fivetran-call", route -> route.weaveAddFirst().to("mock:fivetran-calls"));
            MockEndpoint requests = MockEndpoint.resolve(camel, "mock:trigger-requests");
            requests.expectedBodiesReceived((Object[]) expected);
            MockEndpoint calls = MockEndpoint.resolve(camel, "mock:fivetran-calls");
            calls.expectedMessageCount(0);

            FreshnessReport report = runtime.runFreshnessCheck();

            MockEndpoint.assertIsSatisfied(camel);
            return report;
        }
    }
}
