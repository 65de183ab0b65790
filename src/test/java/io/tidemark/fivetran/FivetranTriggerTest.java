package io.tidemark.fivetran;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.tidemark.fivetran.FakeFivetran.BASIC_VALUE;
import static io.tidemark.fivetran.FakeFivetran.KEY;
import static io.tidemark.fivetran.FakeFivetran.SECRET;
import static io.tidemark.fivetran.FakeFivetran.connection;
import static io.tidemark.fivetran.FakeFivetran.connectionPath;
import static io.tidemark.fivetran.FakeFivetran.error;
import static io.tidemark.fivetran.FakeFivetran.scheduled;
import static io.tidemark.fivetran.FakeFivetran.syncAccepted;
import static io.tidemark.fivetran.FakeFivetran.syncPath;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.freshness.FreshnessReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The freshness check triggering Fivetran, end to end: a real PostgreSQL source judged by the freshness query,
 * {@code tidemark --once} (or a runtime's freshness check), and WireMock playing Fivetran's REST API. Each test
 * checks the exact calls Fivetran received (order, count, auth, Accept, bodies), the {@code _tidemark.sync_events}
 * record and the exit code. Regressions guarded here: a call failing for good (409, 4xx, exhausted retries, timeout)
 * once stopped the calling routes, so nothing was recorded; Apache HttpClient once re-sent 429 and 503 answers on
 * its own, sleeping any Retry-After whatever max-retry-delay said.
 */
class FivetranTriggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A = "conn_a";
    private static final String B = "conn_b";
    /** The end of conn_a's latest syncs before Tidemark acts: the failure is the newer, so it is the baseline. */
    private static final String SUCCEEDED_BEFORE = "2026-03-01T08:00:00.000Z";
    private static final String FAILED_BEFORE = "2026-03-02T09:30:00.000Z";
    private static final String BASELINE = "2026-03-02T09:30:00Z";
    private static final String LATER = "2026-03-02T10:15:42.123Z";

    private static TestDatabase database;
    private static FakeFivetran fivetran;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void start() {
        database = TestDatabase.create();
        database.execute(TestDatabase.SEED_FRESHNESS_DEMO);
        // rows naming their Fivetran connection: conn_a 3 of 5 stale, conn_b 0 of 5
        database.execute(TestDatabase.CONNECTION_ROWS);
        fivetran = new FakeFivetran();
        LOGS.start();
        root().addAppender(LOGS);
    }

    @AfterAll
    static void stop() {
        root().detachAppender(LOGS);
        fivetran.close();
        database.close();
    }

    @BeforeEach
    void resetFivetran() {
        fivetran.reset();
        LOGS.list.clear();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    /** Tidemark on the test database with Fivetran credentials, WireMock as the API and tiny retry delays. */
    private static Properties withFivetran(Path work, String connections) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.include-tables", "public.customer_data");
        properties.setProperty("tidemark.fivetran.base-url", fivetran.baseUrl());
        FakeFivetran.withCredentials(properties, connections);
        properties.setProperty("tidemark.fivetran.connect-timeout", "PT2S");
        properties.setProperty("tidemark.fivetran.response-timeout", "PT5S");
        return properties;
    }

    /** The freshness query on customer_data: rows matching {@code where}, those matching {@code stale} stale. */
    private static void freshnessQuery(Properties properties, String stale, String where) {
        properties.setProperty("tidemark.freshness.query", "SELECT company_id, CASE WHEN " + stale
                + " THEN 'old' ELSE 'new' END AS state FROM customer_data WHERE " + where);
        properties.setProperty("tidemark.freshness.status-column", "state");
        properties.setProperty("tidemark.freshness.stale-value", "old");
    }

    private static List<JsonNode> events(Path work) {
        return JsonlDataset.read(work.resolve("out/_tidemark.sync_events")).records();
    }

    private static JsonNode onlyEvent(Path work) {
        List<JsonNode> events = events(work);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** Exit 0 and no failure line when every event succeeded; else exit 1 with the failure line on stderr. */
    private static void assertExit(Tidemark.Result result, boolean succeeded) {
        if (succeeded) {
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).doesNotContain("tidemark: freshness check failed:");
        } else {
            assertThat(result.exitCode()).as(result.stdout()).isEqualTo(1);
            assertThat(result.stderr()).contains("tidemark: freshness check failed:");
        }
    }

    private static void assertOutcome(JsonNode event, String connection, String outcome, boolean success, boolean triggered,
                                      Integer apiStatus, String apiCalls) {
        assertThat(event.get("connection_id").asText()).isEqualTo(connection);
        assertThat(event.get("outcome").asText()).as(event.toString()).isEqualTo(outcome);
        assertThat(event.get("success").asBoolean()).as(event.toString()).isEqualTo(success);
        assertThat(event.get("sync_triggered").asBoolean()).as(event.toString()).isEqualTo(triggered);
        assertThat(event.get("dry_run").asBoolean()).isFalse();
        if (apiStatus == null) {
            assertThat(event.get("api_status").isNull()).as(event.toString()).isTrue();
        } else {
            assertThat(event.get("api_status").asInt()).as(event.toString()).isEqualTo(apiStatus);
        }
        assertThat(event.get("api_calls").asText()).isEqualTo(apiCalls);
    }

    private static String get(String connection, int status) {
        return "GET " + connectionPath(connection) + " → " + status;
    }

    private static String post(String connection, int status) {
        return "POST " + syncPath(connection) + " → " + status;
    }

    private static String patch(String connection, int status) {
        return "PATCH " + connectionPath(connection) + " → " + status;
    }

    private static List<String> calls(String... calls) {
        return List.of(calls);
    }

    private static String GET(String connection) {
        return "GET " + connectionPath(connection);
    }

    private static String POST(String connection) {
        return "POST " + syncPath(connection);
    }

    private static String PATCH(String connection) {
        return "PATCH " + connectionPath(connection);
    }

    private static void ready(String connection) {
        fivetran.status(connection, scheduled(connection, SUCCEEDED_BEFORE, FAILED_BEFORE));
        fivetran.sync(connection, syncAccepted(connection));
    }

    // --- 1. the decision ---------------------------------------------------------------------------------

    @Test
    void threeOfTenStaleReadsTheConnectionThenTriggersOneSync(@TempDir Path work) throws IOException {
        ready(A);

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
        assertThat(event.get("sync_needed").asBoolean()).isTrue();
        assertThat(event.get("stale_records_count").asLong()).isEqualTo(3);
        assertThat(event.get("total_records_count").asLong()).isEqualTo(10);
        assertThat(event.get("stale_percentage").decimalValue()).isEqualByComparingTo("30.00");
        assertThat(event.get("baseline_at").asText()).as("the newer of succeeded_at and failed_at").isEqualTo(BASELINE);
        assertThat(event.get("completed_at").isNull()).as("not waited for").isTrue();
        assertThat(event.get("api_response").asText()).contains("Sync has been successfully triggered");
        assertThat(result.stdout()).contains("freshness: 30.0% of records are stale (3/10), above the 10% threshold → triggered:");
        // the cooldown starts with the accepted trigger
        JsonNode cooldown = JSON.readTree(work.resolve("state/fivetran/conn_a.json").toFile());
        assertThat(cooldown.get("connection_id").asText()).isEqualTo(A);
        assertThat(Instant.parse(cooldown.get("triggered_at").asText()))
                .isBetween(Instant.parse(event.get("event_timestamp").asText()), Instant.now());
    }

    @Test
    void oneOfTenStaleIsNotAboveTheThresholdSoNothingIsCalled(@TempDir Path work) {
        ready(A);
        Properties properties = withFivetran(work, A);
        freshnessQuery(properties, "company_name = 'Acme'", "true");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).isEmpty();
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "not_needed", true, false, null, "");
        assertThat(event.get("sync_needed").asBoolean()).isFalse();
        assertThat(event.get("stale_records_count").asLong()).isEqualTo(1);
        assertThat(event.get("total_records_count").asLong()).isEqualTo(10);
        assertThat(event.get("stale_percentage").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(event.get("trigger_reason").asText())
                .isEqualTo("10.0% of records are stale (1/10), not above the 10% threshold");
    }

    @Test
    void noRowsMeansNoCallAndTheReasonIsRecorded(@TempDir Path work) {
        ready(A);
        Properties properties = withFivetran(work, A);
        freshnessQuery(properties, "true", "false");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).isEmpty();
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "not_needed", true, false, null, "");
        assertThat(event.get("trigger_reason").asText()).isEqualTo("no rows returned by the freshness query");
        assertThat(event.get("total_records_count").asLong()).isZero();
        assertThat(event.get("stale_percentage").isNull()).isTrue();
    }

    // --- 2. paused -----------------------------------------------------------------------------------------

    @Test
    void aPausedConnectionIsUnpausedThenTriggered(@TempDir Path work) {
        fivetran.status(A, connection(A, true, "paused", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));
        fivetran.unpause(A, okJson(connection(A, false, "scheduled", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null)));
        fivetran.sync(A, syncAccepted(A));

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), PATCH(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "triggered", true, true, 200, get(A, 200) + "; " + patch(A, 200) + "; " + post(A, 200));
        assertThat(event.get("baseline_at").asText()).isEqualTo(BASELINE);
    }

    @Test
    void aPausedConnectionIsLeftAloneWhenUnpauseIsOff(@TempDir Path work) {
        fivetran.status(A, connection(A, true, "paused", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));
        fivetran.unpause(A, okJson("{}"));
        fivetran.sync(A, syncAccepted(A));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.unpause", "false");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, false);
        assertThat(result.stderr()).contains("paused: conn_a is paused and tidemark.fivetran.unpause is false");
        assertThat(fivetran.calls()).containsExactly(GET(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        assertOutcome(onlyEvent(work), A, "paused", false, false, 200, get(A, 200));
        assertThat(work.resolve("state/fivetran")).as("no cooldown without a trigger").doesNotExist();
    }

    // --- 3. already syncing --------------------------------------------------------------------------------

    @Test
    void aSyncAlreadyRunningIsAdoptedWithoutATrigger(@TempDir Path work) {
        fivetran.status(A, connection(A, false, "syncing", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));
        fivetran.sync(A, syncAccepted(A));

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "adopted", true, false, 200, get(A, 200));
        assertThat(event.get("baseline_at").asText()).isEqualTo(BASELINE);
    }

    @Test
    void withForceASyncAlreadyRunningIsRestarted(@TempDir Path work) {
        fivetran.status(A, connection(A, false, "syncing", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));
        fivetran.sync(A, syncAccepted(A));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.force", "true");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(true);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
        assertThat(event.get("outcome_detail").asText()).contains("(forced)");
    }

    // --- 4. 409 --------------------------------------------------------------------------------------------

    @Test
    void aConflictOnTheTriggerAdoptsTheRunningSync(@TempDir Path work) {
        fivetran.status(A, scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE));
        fivetran.sync(A, error(409, "Conflict", "Connection is already syncing"));

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).as("a 409 is not retried").containsExactly(GET(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "adopted", true, false, 409, get(A, 200) + "; " + post(A, 409));
        assertThat(event.get("api_response").asText()).contains("Connection is already syncing");
    }

    // --- 5. 429 --------------------------------------------------------------------------------------------

    @Test
    void a429IsRetriedAfterTheRetryAfterItNames(@TempDir Path work) {
        fivetran.status(A, scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE));
        fivetran.stub(WireMock.post(syncPath(A)).inScenario("rate").whenScenarioStateIs(STARTED)
                .willReturn(error(429, "TooManyRequests", "Rate limit exceeded").withHeader("Retry-After", "1"))
                .willSetStateTo("limited"));
        fivetran.stub(WireMock.post(syncPath(A)).inScenario("rate").whenScenarioStateIs("limited")
                .willReturn(syncAccepted(A)).willSetStateTo("triggered"));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.max-retry-delay", "PT5S");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<Long> posts = fivetran.times("POST", syncPath(A));
        assertThat(posts.get(1) - posts.get(0)).as("ms between the 429 and the retry (retry-delay is 50 ms)")
                .isBetween(1_000L, 4_000L);
        assertOutcome(onlyEvent(work), A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
    }

    @Test
    void a429AskingForMoreThanMaxRetryDelayIsNotRetried(@TempDir Path work) {
        fivetran.status(A, scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE));
        fivetran.sync(A, error(429, "TooManyRequests", "Rate limit exceeded").withHeader("Retry-After", "30"));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.max-retry-delay", "PT5S");

        long started = System.nanoTime();
        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, false);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms: it did not wait 30 s").isLessThan(10_000);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A));
        assertOutcome(onlyEvent(work), A, "failed", false, false, 429, get(A, 200) + "; " + post(A, 429));
        assertThat(work.resolve("state/fivetran")).doesNotExist();
    }

    // --- 6. 5xx --------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "POST"})
    void twoServerErrorsThenSuccessSucceedsOnTheThirdAttempt(String failing, @TempDir Path work) {
        boolean get = failing.equals("GET");
        String path = get ? connectionPath(A) : syncPath(A);
        ResponseDefinitionBuilder success = get
                ? okJson(scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE)) : syncAccepted(A);
        fivetran.stub((get ? WireMock.get(path) : WireMock.post(path)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(error(500, "InternalServerError", "oops")).willSetStateTo("failed once"));
        fivetran.stub((get ? WireMock.get(path) : WireMock.post(path)).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(error(503, "ServiceUnavailable", "busy")).willSetStateTo("failed twice"));
        fivetran.stub((get ? WireMock.get(path) : WireMock.post(path)).inScenario("flaky").whenScenarioStateIs("failed twice")
                .willReturn(success).willSetStateTo("answered"));
        if (get) {
            fivetran.sync(A, syncAccepted(A));
        } else {
            fivetran.status(A, scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE));
        }

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(get
                ? new String[] {GET(A), GET(A), GET(A), POST(A)} : new String[] {GET(A), POST(A), POST(A), POST(A)});
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        assertOutcome(onlyEvent(work), A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
    }

    /** 503 too: Apache HttpClient would re-send a 503 on its own, which the routes turn off (one request per attempt). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {500, 503})
    void serverErrorsForeverAreRetriedMaxRetriesTimesWithGrowingDelaysThenFail(int status, @TempDir Path work) {
        fivetran.status(A, error(status, "ServerError", "oops"));
        fivetran.sync(A, syncAccepted(A));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.retry-delay", "PT0.2S");
        properties.setProperty("tidemark.fivetran.max-retry-delay", "PT1S");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, false);
        assertThat(fivetran.calls()).as("1 attempt + max-retries=2").containsExactly(GET(A), GET(A), GET(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<Long> times = fivetran.times("GET", connectionPath(A));
        long first = times.get(1) - times.get(0);
        long second = times.get(2) - times.get(1);
        assertThat(first).as("first backoff, ms (200 ± 15%% jitter)").isBetween(165L, 1_000L);
        // Camel doubles the previous delay, jitter included, then adds new jitter: 2 × first × (1 ± 15%)
        assertThat(second).as("second backoff, ms").isGreaterThanOrEqualTo(280L).isGreaterThan(first);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "failed", false, false, status, get(A, status));
        assertThat(event.get("outcome_detail").asText()).contains("reading the connection failed").contains("oops");
    }

    // --- 7. other 4xx and secrets ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"401, Unauthorized, Invalid API key or secret", "404, NotFound_Connection, Connection with id 'conn_a' not found"})
    void aClientErrorFailsAtOnceAndNoSecretIsShownAnywhere(int status, String code, String message, @TempDir Path work)
            throws IOException {
        fivetran.status(A, error(status, code, message));
        fivetran.sync(A, syncAccepted(A));
        Logger tidemark = (Logger) LoggerFactory.getLogger("io.tidemark");
        Logger camel = (Logger) LoggerFactory.getLogger("org.apache.camel");
        Level tidemarkBefore = tidemark.getLevel();
        Level camelBefore = camel.getLevel();
        // debug logs of Tidemark and Camel (endpoint creation, the property summary) must not show them either
        tidemark.setLevel(Level.DEBUG);
        camel.setLevel(Level.DEBUG);
        Tidemark.Result result;
        try {
            result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");
        } finally {
            tidemark.setLevel(tidemarkBefore);
            camel.setLevel(camelBefore);
        }

        assertExit(result, false);
        assertThat(result.stderr()).contains("failed: reading the connection failed: GET /v1/connections/conn_a → " + status
                + ": " + message);
        assertThat(fivetran.calls()).as("no retry of a " + status).containsExactly(GET(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        assertOutcome(onlyEvent(work), A, "failed", false, false, status, get(A, status));

        List<String> places = new ArrayList<>(List.of(result.stdout(), result.stderr()));
        for (ILoggingEvent log : List.copyOf(LOGS.list)) {
            places.add(log.getFormattedMessage() + (log.getThrowableProxy() == null ? ""
                    : ThrowableProxyUtil.asString(log.getThrowableProxy())));
        }
        assertThat(LOGS.list).as("the failure is logged")
                .anyMatch(log -> log.getFormattedMessage().contains("GET /v1/connections/conn_a → " + status));
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                places.add(file + ": " + Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        assertThat(places).as("files written").anyMatch(text -> text.contains("_tidemark.sync_events"));
        for (String secret : List.of(KEY, SECRET, BASIC_VALUE)) {
            assertThat(places).noneMatch(text -> text.contains(secret));
        }
    }

    // --- 8. timeouts ---------------------------------------------------------------------------------------

    /** A connection reset (RST) on the status call: retried like a 5xx, then the sync is triggered once. */
    @Test
    void aConnectionResetIsRetried(@TempDir Path work) {
        String path = connectionPath(A);
        fivetran.stub(WireMock.get(path).inScenario("reset").whenScenarioStateIs(STARTED)
                .willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset once"));
        fivetran.stub(WireMock.get(path).inScenario("reset").whenScenarioStateIs("reset once")
                .willReturn(okJson(scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE))));
        fivetran.sync(A, syncAccepted(A));

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), GET(A), POST(A));
        assertOutcome(onlyEvent(work), A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
    }


    @Test
    void aStatusCallTimingOutIsRetriedThenFailsWithoutAnswer(@TempDir Path work) {
        fivetran.status(A, okJson(scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE)).withFixedDelay(2_000));
        fivetran.sync(A, syncAccepted(A));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.response-timeout", "PT0.5S");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, false);
        assertThat(fivetran.calls()).as("1 attempt + max-retries=2").containsExactly(GET(A), GET(A), GET(A));
        List<Long> times = fivetran.times("GET", connectionPath(A));
        assertThat(times.get(1) - times.get(0)).as("ms: the first attempt waited the response timeout").isGreaterThanOrEqualTo(500);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "failed", false, false, 0, "GET /v1/connections/conn_a → no answer");
        assertThat(event.get("api_response").asText()).containsIgnoringCase("timeout");
    }

    @ParameterizedTest(name = "force={0}")
    @CsvSource({"true, 1", "false, 3"})
    void aForcedTriggerTimingOutIsNeverSentAgain(boolean force, int posts, @TempDir Path work) {
        fivetran.status(A, scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE));
        fivetran.sync(A, syncAccepted(A).withFixedDelay(2_000));
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.response-timeout", "PT0.5S");
        properties.setProperty("tidemark.fivetran.force", Boolean.toString(force));

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, false);
        List<String> expected = new ArrayList<>(List.of(GET(A)));
        for (int i = 0; i < posts; i++) {
            expected.add(POST(A));
        }
        assertThat(fivetran.calls()).containsExactlyElementsOf(expected);
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(force);
        assertOutcome(onlyEvent(work), A, "failed", false, false, 0,
                get(A, 200) + "; POST /v1/connections/conn_a/sync → no answer");
        assertThat(work.resolve("state/fivetran")).doesNotExist();
    }

    // --- 9. cooldown ---------------------------------------------------------------------------------------

    @Test
    void theCooldownSurvivesARestartAndHoldsBackTheSecondTrigger(@TempDir Path work) {
        ready(A);
        Properties properties = withFivetran(work, A);

        Tidemark.Result first = Tidemark.main(properties, Map.of(), "--once");
        assertExit(first, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A));
        String firstCheck = onlyEvent(work).get("check_id").asText();
        fivetran.server.resetRequests();

        Tidemark.Result second = Tidemark.main(properties, Map.of(), "--once");

        assertExit(second, true);
        assertThat(fivetran.calls()).as("within the cooldown nothing is called").isEmpty();
        List<JsonNode> events = events(work);
        assertThat(events).hasSize(2);
        JsonNode event = events.stream().filter(e -> !e.get("check_id").asText().equals(firstCheck)).findFirst().orElseThrow();
        assertOutcome(event, A, "cooldown", true, false, null, "");
        assertThat(event.get("sync_needed").asBoolean()).isTrue();
        assertThat(event.get("outcome_detail").asText()).contains("tidemark.fivetran.cooldown");
    }

    @Test
    void anUnreadableCooldownHoldsTheTriggerBackAndIsRecorded(@TempDir Path work) throws IOException {
        ready(A);
        Files.createDirectories(work.resolve("state/fivetran"));
        Files.writeString(work.resolve("state/fivetran/conn_a.json"), "{\"connection_id\":\"conn_a\",\"triggered_at\":\"soon\"}");

        Tidemark.Result result = Tidemark.main(withFivetran(work, A), Map.of(), "--once");

        assertExit(result, false);
        assertThat(fivetran.calls()).as("no trigger without knowing the last one").isEmpty();
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "failed", false, false, null, "");
        assertThat(event.get("outcome_detail").asText()).contains("reading the last trigger of conn_a (cooldown) failed");
    }

    @Test
    void aZeroCooldownTriggersEveryCheck(@TempDir Path work) throws Exception {
        ready(A);
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.cooldown", "PT0S");

        try (var runtime = Tidemark.runtime(properties)) {
            assertThat(runtime.runFreshnessCheck().failed()).isFalse();
            assertThat(runtime.runFreshnessCheck().failed()).isFalse();
        }

        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A), GET(A), POST(A));
        assertThat(events(work)).extracting(e -> e.get("outcome").asText()).containsExactly("triggered", "triggered");
    }

    // --- 10. waiting for completion --------------------------------------------------------------------------

    private static Properties waiting(Path work, String waitTimeout) {
        Properties properties = withFivetran(work, A);
        properties.setProperty("tidemark.fivetran.wait-for-completion", "true");
        properties.setProperty("tidemark.fivetran.poll-interval", "PT1S");
        properties.setProperty("tidemark.fivetran.wait-timeout", waitTimeout);
        return properties;
    }

    /** GET (baseline) → POST → GET (still syncing) → then each of {@code polls}, the last repeated. */
    private static void syncThenPolls(String... polls) {
        fivetran.stub(WireMock.get(connectionPath(A)).inScenario("sync").whenScenarioStateIs(STARTED)
                .willReturn(okJson(scheduled(A, SUCCEEDED_BEFORE, FAILED_BEFORE))).willSetStateTo("read"));
        fivetran.stub(WireMock.post(syncPath(A)).inScenario("sync").whenScenarioStateIs("read")
                .willReturn(syncAccepted(A)).willSetStateTo("poll 0"));
        for (int i = 0; i < polls.length; i++) {
            fivetran.stub(WireMock.get(connectionPath(A)).inScenario("sync").whenScenarioStateIs("poll " + i)
                    .willReturn(okJson(polls[i])).willSetStateTo("poll " + Math.min(i + 1, polls.length - 1)));
        }
    }

    private static void assertPollsApart(long intervalMs) {
        List<Long> posts = fivetran.times("POST", syncPath(A));
        List<Long> gets = fivetran.times("GET", connectionPath(A));
        assertThat(posts).hasSize(1);
        List<Long> polls = gets.subList(1, gets.size());
        long previous = posts.get(0);
        for (long poll : polls) {
            assertThat(poll - previous).as("ms between polls").isGreaterThanOrEqualTo(intervalMs);
            previous = poll;
        }
    }

    @Test
    void waitingEndsWhenSucceededAtMovesPastTheBaseline(@TempDir Path work) {
        String syncing = connection(A, false, "syncing", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null);
        syncThenPolls(syncing, scheduled(A, LATER, FAILED_BEFORE));

        Tidemark.Result result = Tidemark.main(waiting(work, "PT10S"), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A), GET(A), GET(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        assertPollsApart(1_000);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "succeeded", true, true, 200,
                get(A, 200) + "; " + post(A, 200) + "; " + get(A, 200) + "; " + get(A, 200));
        assertThat(event.get("baseline_at").asText()).isEqualTo(BASELINE);
        assertThat(event.get("completed_at").asText()).isEqualTo("2026-03-02T10:15:42.123Z");
    }

    @Test
    void waitingEndsWhenFailedAtMovesAndTheSyncFailure(@TempDir Path work) {
        syncThenPolls(scheduled(A, SUCCEEDED_BEFORE, LATER));

        Tidemark.Result result = Tidemark.main(waiting(work, "PT10S"), Map.of(), "--once");

        assertExit(result, false);
        assertThat(result.stderr()).contains("sync_failed: sync of conn_a failed at 2026-03-02T10:15:42.123Z");
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A), GET(A));
        assertPollsApart(1_000);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "sync_failed", false, true, 200, get(A, 200) + "; " + post(A, 200) + "; " + get(A, 200));
        assertThat(event.get("baseline_at").asText()).isEqualTo(BASELINE);
        assertThat(event.get("completed_at").asText()).isEqualTo("2026-03-02T10:15:42.123Z");
    }

    @Test
    void waitingStopsWhenFivetranReschedulesTheSync(@TempDir Path work) {
        String rescheduledFor = "2026-03-02T11:00:00.000Z";
        syncThenPolls(connection(A, false, "rescheduled", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, rescheduledFor));

        Tidemark.Result result = Tidemark.main(waiting(work, "PT10S"), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).as("no poll after the reschedule").containsExactly(GET(A), POST(A), GET(A));
        assertPollsApart(1_000);
        JsonNode event = onlyEvent(work);
        assertOutcome(event, A, "rescheduled", true, true, 200, get(A, 200) + "; " + post(A, 200) + "; " + get(A, 200));
        assertThat(event.get("rescheduled_for").asText()).isEqualTo(rescheduledFor);
        assertThat(event.get("completed_at").isNull()).isTrue();
    }

    @Test
    void waitingGivesUpAfterTheWaitTimeout(@TempDir Path work) {
        syncThenPolls(connection(A, false, "syncing", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));

        Tidemark.Result result = Tidemark.main(waiting(work, "PT2S"), Map.of(), "--once");

        assertExit(result, false);
        assertThat(result.stderr()).contains("wait_timeout: sync of conn_a still not finished after PT2S");
        List<String> calls = fivetran.calls();
        assertThat(calls.subList(0, 2)).containsExactly(GET(A), POST(A));
        assertThat(calls.subList(2, calls.size())).as("polls in 2 s, 1 s apart").hasSizeBetween(2, 3).containsOnly(GET(A));
        assertPollsApart(1_000);
        List<Long> gets = fivetran.times("GET", connectionPath(A));
        long post = fivetran.times("POST", syncPath(A)).get(0);
        assertThat(gets.get(gets.size() - 1) - post).as("ms from the trigger to the last poll").isGreaterThanOrEqualTo(2_000);
        JsonNode event = onlyEvent(work);
        assertThat(event.get("outcome").asText()).isEqualTo("wait_timeout");
        assertThat(event.get("success").asBoolean()).isFalse();
        assertThat(event.get("sync_triggered").asBoolean()).isTrue();
        assertThat(event.get("baseline_at").asText()).isEqualTo(BASELINE);
        assertThat(event.get("completed_at").isNull()).isTrue();
    }

    @Test
    void stoppingTidemarkWhileWaitingRecordsTheTriggerAsInterrupted(@TempDir Path work) throws Exception {
        syncThenPolls(connection(A, false, "syncing", "connected", SUCCEEDED_BEFORE, FAILED_BEFORE, null));
        TidemarkRuntime runtime = Tidemark.runtime(waiting(work, "PT1M"));
        CompletableFuture<FreshnessReport> check = CompletableFuture.supplyAsync(runtime::runFreshnessCheck);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> fivetran.times("GET", connectionPath(A)).size() >= 2); // the first poll
        long stopping = System.nanoTime();

        runtime.close();

        FreshnessReport report = check.get(30, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("no wait for the sync").isLessThan(Duration.ofSeconds(10));
        assertThat(report.outcomes()).extracting(o -> o.outcome().label()).containsExactly("interrupted");
        JsonNode event = onlyEvent(work);
        assertThat(event.get("outcome").asText()).isEqualTo("interrupted");
        assertThat(event.get("sync_triggered").asBoolean()).isTrue();
        assertThat(event.get("success").asBoolean()).as("the trigger itself succeeded").isTrue();
        assertThat(event.get("outcome_detail").asText()).contains("stopped waiting: Tidemark is stopping");
    }

    // --- 11. dry run ---------------------------------------------------------------------------------------

    @Test
    void aDryRunCallsNothingEvenWhenStale(@TempDir Path work) {
        ready(A);
        Properties properties = withFivetran(work, A);
        properties.remove("tidemark.fivetran.api-key");
        properties.remove("tidemark.fivetran.api-secret");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.server.getAllServeEvents()).isEmpty();
        JsonNode event = onlyEvent(work);
        assertThat(event.get("dry_run").asBoolean()).isTrue();
        assertThat(event.get("outcome").asText()).isEqualTo("dry_run");
        assertThat(event.get("sync_needed").asBoolean()).isTrue();
        assertThat(event.get("sync_triggered").asBoolean()).isFalse();
        assertThat(event.get("success").asBoolean()).isTrue();
        assertThat(event.get("api_status").isNull()).isTrue();
        assertThat(event.get("api_calls").asText()).isEmpty();
    }

    // --- 12. several connections ---------------------------------------------------------------------------

    @Test
    void everyConfiguredConnectionIsTriggered(@TempDir Path work) {
        ready(A);
        ready(B);

        Tidemark.Result result = Tidemark.main(withFivetran(work, A + "," + B), Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A), GET(B), POST(B));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<JsonNode> events = events(work);
        assertThat(events).hasSize(2);
        assertOutcome(events.get(0), A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
        assertOutcome(events.get(1), B, "triggered", true, true, 200, get(B, 200) + "; " + post(B, 200));
        assertThat(events).allSatisfy(e -> assertThat(e.get("stale_records_count").asLong()).isEqualTo(3));
    }

    @Test
    void oneConnectionFailingDoesNotStopTheOthersOrTheirRecords(@TempDir Path work) {
        fivetran.status(A, error(404, "NotFound_Connection", "Connection with id 'conn_a' not found"));
        ready(B);

        Tidemark.Result result = Tidemark.main(withFivetran(work, A + "," + B), Map.of(), "--once");

        assertExit(result, false);
        assertThat(result.stderr()).contains("failed: reading the connection failed: GET /v1/connections/conn_a → 404")
                .doesNotContain("conn_b");
        assertThat(fivetran.calls()).containsExactly(GET(A), GET(B), POST(B));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<JsonNode> events = events(work);
        assertThat(events).hasSize(2);
        assertOutcome(events.get(0), A, "failed", false, false, 404, get(A, 404));
        assertOutcome(events.get(1), B, "triggered", true, true, 200, get(B, 200) + "; " + post(B, 200));
    }

    @Test
    void eachRowsConnectionIsJudgedOnItsOwn(@TempDir Path work) {
        ready(A);
        ready(B);
        Properties properties = withFivetran(work, "");
        properties.setProperty("tidemark.freshness.query", "SELECT id, connection_id, state FROM connection_rows ORDER BY id");
        properties.setProperty("tidemark.freshness.status-column", "state");
        properties.setProperty("tidemark.freshness.stale-value", "old");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertExit(result, true);
        assertThat(fivetran.calls()).containsExactly(GET(A), POST(A));
        fivetran.assertEveryRequestIsAuthenticatedVersion2Json(false);
        List<JsonNode> events = events(work);
        assertThat(events).extracting(e -> e.get("connection_id").asText()).containsExactlyInAnyOrder(A, B);
        JsonNode a = events.stream().filter(e -> e.get("connection_id").asText().equals(A)).findFirst().orElseThrow();
        JsonNode b = events.stream().filter(e -> e.get("connection_id").asText().equals(B)).findFirst().orElseThrow();
        assertOutcome(a, A, "triggered", true, true, 200, get(A, 200) + "; " + post(A, 200));
        assertThat(a.get("stale_records_count").asLong()).isEqualTo(3);
        assertThat(a.get("total_records_count").asLong()).isEqualTo(5);
        assertThat(a.get("stale_percentage").decimalValue()).isEqualByComparingTo("60.00");
        assertOutcome(b, B, "not_needed", true, false, null, "");
        assertThat(b.get("stale_records_count").asLong()).isZero();
        assertThat(b.get("total_records_count").asLong()).isEqualTo(5);
        assertThat(b.get("sync_needed").asBoolean()).isFalse();
    }
}
