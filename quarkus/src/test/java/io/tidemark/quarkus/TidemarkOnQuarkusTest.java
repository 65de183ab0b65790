package io.tidemark.quarkus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tidemark inside Quarkus, with Quarkus' own test kit: each launch runs the real {@link TidemarkQuarkusMain} in
 * this JVM, from a folder linking the repo's {@code config/}, {@code routes/} and {@code setup.sql} ({@link TidemarkHome}),
 * against a real embedded PostgreSQL and, for the trigger, a real HTTP server playing Fivetran. Settings are given
 * as system properties, the layer above the file; each test clears its own.
 */
@QuarkusMainTest
class TidemarkOnQuarkusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTION = "quarkus_connection";
    private static EmbeddedPostgres postgres;
    private static WireMockServer fivetran;
    private final Map<String, String> settings = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        TidemarkHome.linkRepoFiles();
        postgres = EmbeddedPostgres.builder().start();
        sql("""
                CREATE TABLE public.orders (order_id bigint PRIMARY KEY, customer text, amount numeric(12,2),
                  updated_at timestamptz NOT NULL);
                INSERT INTO public.orders
                  SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE 'c' || g % 97 END, g * 0.5,
                         TIMESTAMPTZ '2024-06-01 00:00:00+00' + g * INTERVAL '1 second'
                  FROM generate_series(1, 5000) g;
                ANALYZE;
                """);
        fivetran = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        fivetran.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (fivetran != null) {
            fivetran.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void clearSettings() {
        settings.keySet().forEach(System::clearProperty);
        fivetran.resetAll();
    }

    @Test
    void fullSyncThenAnIncrementalCycle(QuarkusMainLauncher launcher) throws Exception {
        Path work = freshWork("sync");
        set("tidemark.source.jdbc-url", postgres.getJdbcUrl("postgres", "postgres"));
        set("tidemark.source.username", "postgres");
        set("tidemark.source.password", "postgres");
        set("tidemark.sync.cursor-lag", "PT0S");
        set("tidemark.freshness.enabled", "false");
        outputsUnder(work);

        LaunchResult first = launcher.launch("--once");

        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(first.getOutput()).containsPattern("(?m)^public\\.orders\\s+small\\s+5,000\\s.*success$");
        List<JsonNode> rows = records(work.resolve("out/public.orders"));
        assertThat(rows).hasSize(5000);
        assertThat(rows.get(10).get("order_id").asLong()).isEqualTo(11);
        assertThat(rows.get(10).get("customer").isNull()).as("NULL stays null").isTrue();

        sql("""
                UPDATE public.orders SET amount = amount + 1, updated_at = clock_timestamp() WHERE order_id % 1000 = 0;
                INSERT INTO public.orders SELECT g, 'new', g, clock_timestamp() FROM generate_series(5001, 5020) g;
                """);
        LaunchResult second = launcher.launch("--once");

        assertThat(second.exitCode()).as(second.getErrorOutput()).isZero();
        assertThat(second.getOutput()).containsPattern("(?m)^public\\.orders\\s+small\\s+25\\s.*success$");
        List<JsonNode> all = records(work.resolve("out/public.orders"));
        assertThat(all).hasSize(5025);
        assertThat(all.subList(5000, 5025)).extracting(row -> row.get("order_id").asLong())
                .contains(1000L, 5000L, 5001L, 5020L).doesNotContain(1L);
    }

    @Test
    void freshnessCheckOnTheEmbeddedDemoIsADryRunWithoutCredentials(QuarkusMainLauncher launcher) {
        Path work = freshWork("dry-run");
        set("tidemark.source.include-tables", "public.customer_data");
        outputsUnder(work);

        LaunchResult result = launcher.launch("--once");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(result.getOutput()).contains("freshness: 30.0% of records are stale (3/10), above the 10% threshold");
        List<JsonNode> events = records(work.resolve("out/_tidemark.sync_events"));
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.get("sync_needed").asBoolean()).isTrue();
            assertThat(event.get("sync_triggered").asBoolean()).isFalse();
        });
        assertThat(fivetran.getAllServeEvents()).isEmpty();
    }

    @Test
    void staleDemoDataTriggersOneFivetranSync(QuarkusMainLauncher launcher) {
        String connection = "/v1/connections/" + CONNECTION;
        fivetran.stubFor(get(urlPathEqualTo(connection)).willReturn(okJson("""
                {"code":"Success","data":{"id":"%s","paused":false,"sync_frequency":360,
                 "succeeded_at":"2026-03-01T08:00:00.000Z","failed_at":null,
                 "status":{"setup_state":"connected","sync_state":"scheduled","update_state":"on_schedule"}}}
                """.formatted(CONNECTION))));
        fivetran.stubFor(post(urlPathEqualTo(connection + "/sync")).willReturn(okJson("""
                {"code":"Success","message":"Sync has been successfully triggered for connection with id '%s'"}
                """.formatted(CONNECTION))));
        Path work = freshWork("trigger");
        set("tidemark.source.include-tables", "public.customer_data");
        set("tidemark.fivetran.base-url", fivetran.baseUrl());
        set("tidemark.fivetran.connection-id", CONNECTION);
        set("tidemark.fivetran.api-key", "quarkusKey42");
        set("tidemark.fivetran.api-secret", "quarkusSecret+42");
        outputsUnder(work);

        LaunchResult result = launcher.launch("--once");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        fivetran.verify(1, getRequestedFor(urlPathEqualTo(connection))
                .withHeader("Accept", equalTo("application/json;version=2")));
        fivetran.verify(1, postRequestedFor(urlPathEqualTo(connection + "/sync")));
        assertThat(result.getOutput()).contains("→ triggered: sync of " + CONNECTION + " triggered");
        assertThat(records(work.resolve("out/_tidemark.sync_events"))).singleElement()
                .satisfies(event -> assertThat(event.get("outcome").asText()).isEqualTo("triggered"));
        assertThat(result.getOutput() + result.getErrorOutput()).doesNotContain("quarkusSecret+42").doesNotContain("quarkusKey42");
    }

    @Test
    void batchesGoToAWebhookThroughCamelQuarkusHttp(QuarkusMainLauncher launcher) {
        fivetran.stubFor(post(urlPathEqualTo("/in")).willReturn(aResponse().withStatus(204)));
        set("tidemark.source.jdbc-url", postgres.getJdbcUrl("postgres", "postgres"));
        set("tidemark.source.username", "postgres");
        set("tidemark.freshness.enabled", "false");
        set("tidemark.sink.type", "endpoint");
        set("tidemark.sink.uri", fivetran.baseUrl() + "/in");
        set("tidemark.sink.max-records", "1000");
        outputsUnder(freshWork("endpoint"));

        LaunchResult result = launcher.launch("--once");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<JsonNode> records = new ArrayList<>();
        fivetran.findAll(postRequestedFor(urlPathEqualTo("/in")).withHeader("TidemarkDataset", equalTo("public.orders")))
                .forEach(request -> {
                    try {
                        JSON.readTree(request.getBodyAsString()).forEach(records::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        assertThat(records).hasSizeGreaterThanOrEqualTo(5000)
                .extracting(record -> record.get("order_id").asLong()).contains(1L, 5000L);
    }

    @Test
    void aBadValueIsOneLineAndExitTwo(QuarkusMainLauncher launcher) {
        set("tidemark.sync.batch-size", "lots");

        LaunchResult result = launcher.launch("--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorStream()).containsExactly(
                "tidemark: configuration error: tidemark.sync.batch-size: must be a whole number, got 'lots'");
    }

    private void set(String key, String value) {
        settings.put(key, value);
        System.setProperty(key, value);
    }

    private void outputsUnder(Path work) {
        set("tidemark.sink.directory", work.resolve("out").toString());
        set("tidemark.state.directory", work.resolve("state").toString());
    }

    private static Path freshWork(String name) {
        Path work = Runs.WORK.resolve("on-quarkus").resolve(name);
        try {
            Runs.deleteRecursively(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return work;
    }

    /** Every record of a dataset folder, its finished batch files in name order. */
    private static List<JsonNode> records(Path dataset) {
        List<JsonNode> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataset)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private static void sql(String statements) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }
}
