package io.tidemark.fivetran;

import static io.tidemark.fivetran.FakeFivetran.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.fivetran.TriggerOutcome.Outcome;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code fivetran-trigger} route with Fivetran played by mocks, no HTTP server: either the route's
 * {@code direct:fivetran-call} steps are replaced by a mock answering the {@link FivetranResponse} the call route
 * would end with, or (for retries, which are the call route's) the camel-http step inside the real
 * {@code fivetran-call} route is replaced by a mock answering or failing as camel-http does. Each test asserts the
 * {@link TriggerOutcome} and the exact requests the mock received, in order. ({@code FivetranTriggerTest} covers the
 * same answers end to end over HTTP.)
 */
class FivetranTriggerRouteTest {
    private static final String A = "conn_a";
    private static final String SUCCEEDED = "2026-03-01T08:00:00.000Z";
    private static final String FAILED = "2026-03-02T09:30:00.000Z";
    private static final String SYNC_ACCEPTED = "{\"code\":\"Success\",\"message\":\"Sync has been successfully triggered\"}";

    private static TestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    /** Credentials and a connection (not a dry run); Fivetran itself is never reached. */
    private static Properties properties(Path work) {
        return FakeFivetran.withCredentials(Tidemark.against(database, work), A);
    }

    @Test
    void a409ToTheSyncAdoptsTheRunningSync(@TempDir Path work) throws Exception {
        TriggerOutcome outcome = triggerWithSyncAnswer(work, answer(409, "{\"code\":\"Conflict\",\"message\":\"a sync is already running\"}"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.ADOPTED);
        assertThat(outcome.success()).isTrue();
        assertThat(outcome.triggered()).isFalse();
        assertThat(outcome.apiStatus()).isEqualTo(409);
        assertThat(outcome.baselineAt()).hasToString("2026-03-02T09:30:00Z");
        assertThat(outcome.apiCalls()).containsExactly("GET /v1/connections/conn_a → 200", "POST /v1/connections/conn_a/sync → 409");
        assertThat(work.resolve("state/fivetran/conn_a.json")).as("no cooldown: Tidemark triggered nothing").doesNotExist();
    }

    @Test
    void aSyncCallThatEndsIn503FailsTheTrigger(@TempDir Path work) throws Exception {
        // what fivetran-call ends with once its retries are exhausted
        TriggerOutcome outcome = triggerWithSyncAnswer(work, answer(503, "{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}"));

        assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(outcome.success()).isFalse();
        assertThat(outcome.apiStatus()).isEqualTo(503);
        assertThat(outcome.detail()).isEqualTo("triggering failed: POST /v1/connections/conn_a/sync → 503: try later");
        assertThat(outcome.apiCalls()).containsExactly("GET /v1/connections/conn_a → 200", "POST /v1/connections/conn_a/sync → 503");
    }

    /**
     * One trigger through the real fivetran-trigger route with its calls replaced: the status answers a scheduled
     * connection, the sync answers {@code syncAnswer}; asserts that exactly the GET, then the POST were requested.
     */
    private static TriggerOutcome triggerWithSyncAnswer(Path work, Processor syncAnswer) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            MockEndpoint calls = callsReplaced(runtime.camelContext());
            calls.whenExchangeReceived(1, answer(200, scheduled(A, SUCCEEDED, FAILED)));
            calls.whenExchangeReceived(2, syncAnswer);
            calls.expectedBodiesReceived(FivetranRequest.status(A), FivetranRequest.sync(A, false));

            TriggerOutcome outcome = trigger(runtime);

            calls.assertIsSatisfied();
            return outcome;
        }
    }

    @Test
    void a429IsRetriedByTheCallRouteThenTheSyncIsTriggered(@TempDir Path work) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            MockEndpoint http = httpReplaced(runtime.camelContext());
            http.whenExchangeReceived(1, fail(429, Map.of("Retry-After", "0"), "{\"code\":\"TooManyRequests\"}"));
            http.whenExchangeReceived(2, httpAnswer(200, scheduled(A, SUCCEEDED, FAILED)));
            http.whenExchangeReceived(3, httpAnswer(200, SYNC_ACCEPTED));
            http.expectedMessageCount(3);
            http.message(0).header(Exchange.HTTP_PATH).isEqualTo("/v1/connections/conn_a");
            http.message(1).header(Exchange.HTTP_PATH).isEqualTo("/v1/connections/conn_a");
            http.message(1).header(Exchange.REDELIVERY_COUNTER).isEqualTo(1);
            http.message(2).header(Exchange.HTTP_METHOD).isEqualTo("POST");
            http.message(2).header(Exchange.HTTP_PATH).isEqualTo("/v1/connections/conn_a/sync");
            http.message(2).body(String.class).isEqualTo("{\"force\":false}");

            TriggerOutcome outcome = trigger(runtime);

            http.assertIsSatisfied();
            assertThat(methods(http)).containsExactly("GET", "GET", "POST");
            assertThat(outcome.outcome()).isEqualTo(Outcome.TRIGGERED);
            assertThat(outcome.triggered()).isTrue();
            assertThat(outcome.success()).isTrue();
            // the call route answers once per call: the 429 it got past is not one of the trigger's calls
            assertThat(outcome.apiCalls()).containsExactly("GET /v1/connections/conn_a → 200", "POST /v1/connections/conn_a/sync → 200");
            assertThat(work.resolve("state/fivetran/conn_a.json")).as("the cooldown starts").exists();
        }
    }

    @Test
    void a503ExhaustsTheCallRoutesRetriesAndFailsTheTrigger(@TempDir Path work) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            MockEndpoint http = httpReplaced(runtime.camelContext());
            http.whenAnyExchangeReceived(fail(503, Map.of(), "{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}"));
            http.whenExchangeReceived(1, httpAnswer(200, scheduled(A, SUCCEEDED, FAILED)));
            // the GET, then the POST and its two retries (tidemark.fivetran.max-retries=2)
            http.expectedMessageCount(4);

            TriggerOutcome outcome = trigger(runtime);

            http.assertIsSatisfied();
            assertThat(methods(http)).containsExactly("GET", "POST", "POST", "POST");
            assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(outcome.success()).isFalse();
            assertThat(outcome.triggered()).isFalse();
            assertThat(outcome.apiStatus()).isEqualTo(503);
            assertThat(outcome.apiCalls()).containsExactly("GET /v1/connections/conn_a → 200", "POST /v1/connections/conn_a/sync → 503");
            assertThat(work.resolve("state/fivetran/conn_a.json")).doesNotExist();
            // tidemark_fivetran_calls_total: one per call, by its final answer
            MeterRegistry metrics = runtime.camelContext().getRegistry()
                    .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
            assertThat(metrics.get("tidemark.fivetran.calls").tag("call", "status").tag("status", "200").counter().count()).isEqualTo(1.0);
            assertThat(metrics.get("tidemark.fivetran.calls").tag("call", "sync").tag("status", "503").counter().count()).isEqualTo(1.0);
        }
    }

    private static TriggerOutcome trigger(TidemarkRuntime runtime) {
        return runtime.camelContext().createProducerTemplate()
                .requestBody("direct:fivetran-trigger", new TriggerRequest(A, true), TriggerOutcome.class);
    }

    /** Every {@code to: direct:fivetran-call} of the real fivetran-trigger route replaced by {@code mock:fivetran-call}. */
    private static MockEndpoint callsReplaced(CamelContext camel) throws Exception {
        AdviceWith.adviceWith(camel, "fivetran-trigger",
                route -> route.weaveByToUri("direct:fivetran-call").replace().to("mock:fivetran-call"));
        return MockEndpoint.resolve(camel, "mock:fivetran-call");
    }

    /** The camel-http step of the real fivetran-call route (its only {@code to}) replaced by {@code mock:fivetran-http}. */
    private static MockEndpoint httpReplaced(CamelContext camel) throws Exception {
        AdviceWith.adviceWith(camel, "fivetran-call",
                route -> route.weaveByType(ToDefinition.class).replace().to("mock:fivetran-http"));
        return MockEndpoint.resolve(camel, "mock:fivetran-http");
    }

    /** As the fivetran-call route would answer: the FivetranResponse to the request it was sent. */
    private static Processor answer(int status, String body) {
        return exchange -> exchange.getMessage().setBody(
                new FivetranResponse(exchange.getMessage().getBody(FivetranRequest.class), status, body));
    }

    /** As camel-http answers a 2xx: the body and the status header. */
    private static Processor httpAnswer(int status, String body) {
        return exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            exchange.getMessage().setBody(body);
        };
    }

    /** As camel-http fails on any other status (throwExceptionOnFailure). */
    private static Processor fail(int status, Map<String, String> headers, String body) {
        return exchange -> {
            throw new HttpOperationFailedException("https://api.fivetran.com", status, "status " + status, null, headers, body);
        };
    }

    private static List<String> methods(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> e.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).toList();
    }
}
