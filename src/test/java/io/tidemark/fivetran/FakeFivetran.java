package io.tidemark.fivetran;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * WireMock playing Fivetran's REST API (version 2, {@code /v1/connections/<id>}) on 127.0.0.1: stubs for the
 * connection's status, unpause and sync, and the requests it received, in the order they came.
 */
final class FakeFivetran implements AutoCloseable {
    static final String KEY = "tmkKey8JqW2xLm";
    static final String SECRET = "tmkSecret+Zr4t/9pQv";
    /** What goes after {@code Basic } in the Authorization header: base64(key:secret). */
    static final String BASIC_VALUE = Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    static final String ACCEPT = "application/json;version=2";
    private static final ObjectMapper JSON = new ObjectMapper();

    final WireMockServer server;

    FakeFivetran() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    void reset() {
        server.resetAll();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Credentials (not a dry run), {@code connections}, two retries per call and tiny delays, set in {@code properties}. */
    static Properties withCredentials(Properties properties, String connections) {
        properties.setProperty("tidemark.fivetran.api-key", KEY);
        properties.setProperty("tidemark.fivetran.api-secret", SECRET);
        properties.setProperty("tidemark.fivetran.connection-id", connections);
        properties.setProperty("tidemark.fivetran.max-retries", "2");
        properties.setProperty("tidemark.fivetran.retry-delay", "PT0.05S");
        properties.setProperty("tidemark.fivetran.max-retry-delay", "PT0.2S");
        return properties;
    }

    static String connectionPath(String connection) {
        return "/v1/connections/" + connection;
    }

    static String syncPath(String connection) {
        return connectionPath(connection) + "/sync";
    }

    // --- answers -------------------------------------------------------------------------------------------

    /** A connection as {@code GET /v1/connections/<id>} describes it (the fields Tidemark reads, and a few more). */
    static String connection(String id, boolean paused, String syncState, String setupState, String succeededAt,
                             String failedAt, String rescheduledFor) {
        ObjectNode body = JSON.createObjectNode();
        body.put("code", "Success");
        ObjectNode data = body.putObject("data");
        data.put("id", id);
        data.put("service", "postgres");
        data.put("schedule_type", "auto");
        data.put("paused", paused);
        data.put("succeeded_at", succeededAt);
        data.put("failed_at", failedAt);
        ObjectNode status = data.putObject("status");
        status.put("setup_state", setupState);
        status.put("sync_state", syncState);
        status.put("update_state", "on_schedule");
        status.put("is_historical_sync", false);
        status.put("rescheduled_for", rescheduledFor);
        return body.toString();
    }

    /** A connected, unpaused, scheduled connection whose latest syncs ended at these times. */
    static String scheduled(String id, String succeededAt, String failedAt) {
        return connection(id, false, "scheduled", "connected", succeededAt, failedAt, null);
    }

    static ResponseDefinitionBuilder syncAccepted(String id) {
        return okJson("{\"code\":\"Success\",\"message\":\"Sync has been successfully triggered for connection with id '"
                + id + "'\"}");
    }

    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    // --- stubs ---------------------------------------------------------------------------------------------

    void stub(MappingBuilder mapping) {
        server.stubFor(mapping);
    }

    void status(String id, ResponseDefinitionBuilder answer) {
        server.stubFor(get(connectionPath(id)).willReturn(answer));
    }

    void status(String id, String connectionJson) {
        status(id, okJson(connectionJson));
    }

    void sync(String id, ResponseDefinitionBuilder answer) {
        server.stubFor(post(syncPath(id)).willReturn(answer));
    }

    void unpause(String id, ResponseDefinitionBuilder answer) {
        server.stubFor(patch(urlPathEqualTo(connectionPath(id))).willReturn(answer));
    }

    // --- what was received ---------------------------------------------------------------------------------

    /** Every request received, oldest first. */
    List<LoggedRequest> requests() {
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first
        return events.stream().map(ServeEvent::getRequest).toList();
    }

    /** {@code GET /v1/connections/conn_a}, one per request received, oldest first. */
    List<String> calls() {
        return requests().stream().map(request -> request.getMethod().getName() + " " + request.getUrl()).toList();
    }

    /** When each request with this method and path was received, in milliseconds, oldest first. */
    List<Long> times(String method, String path) {
        return requests().stream().filter(r -> r.getMethod().getName().equals(method) && r.getUrl().equals(path))
                .map(r -> r.getLoggedDate().getTime()).toList();
    }

    /**
     * Every request carried Basic auth with base64(key:secret) and the version-2 Accept header; GETs have no body,
     * PATCHes exactly {@code {"paused":false}} and POSTs exactly {@code {"force":<force>}}, as JSON.
     */
    void assertEveryRequestIsAuthenticatedVersion2Json(boolean force) {
        List<LoggedRequest> requests = requests();
        assertThat(requests).as("requests received").isNotEmpty();
        for (LoggedRequest request : requests) {
            String call = request.getMethod().getName() + " " + request.getUrl();
            assertThat(request.getHeader("Authorization")).as("Authorization of " + call).isEqualTo("Basic " + BASIC_VALUE);
            assertThat(request.getHeader("Accept")).as("Accept of " + call).isEqualTo(ACCEPT);
            switch (request.getMethod().getName()) {
                case "GET" -> assertThat(request.getBodyAsString()).as("body of " + call).isEmpty();
                case "PATCH" -> assertJsonBody(request, "{\"paused\":false}");
                case "POST" -> assertJsonBody(request, "{\"force\":" + force + "}");
                default -> throw new AssertionError("unexpected method: " + call);
            }
        }
    }

    private static void assertJsonBody(LoggedRequest request, String expected) {
        String call = request.getMethod().getName() + " " + request.getUrl();
        assertThat(request.getHeader("Content-Type")).as("Content-Type of " + call).startsWith("application/json");
        assertThat(json(request.getBodyAsString())).as("body of " + call).isEqualTo(json(expected));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
