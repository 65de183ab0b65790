package io.tidemark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

/** A scheduled Tidemark's management server over HTTP: its paths, and the checks in {@code /observe/health}. */
public final class ManagementPort {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    private ManagementPort(int port) {
        this.port = port;
    }

    /** A free port, set as {@code camel.management.port} in {@code properties}. */
    public static ManagementPort of(Properties properties) {
        int port = Tidemark.freePort();
        properties.setProperty("camel.management.port", Integer.toString(port));
        return new ManagementPort(port);
    }

    public HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /observe/health} with every check's details. */
    public JsonNode health() throws Exception {
        return JSON.readTree(get("/observe/health?data=true").body());
    }

    /** The check {@code name} of a {@link #health()} answer. */
    public static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
