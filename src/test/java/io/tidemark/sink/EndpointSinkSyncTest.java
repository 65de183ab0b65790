package io.tidemark.sink;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.run.TableRun;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import io.tidemark.rows.RowBatch;
import org.apache.camel.CamelContext;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Whole sync cycles with {@code tidemark.sink.type=endpoint} against real PostgreSQL: to {@code seda:} (every record
 * equal to the file sink's line for the same data), to {@code file:}, and to a loopback webhook (WireMock) with
 * Fivetran-sized caps, a receiver that fails twice, and one that keeps failing for one table.
 */
class EndpointSinkSyncTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final String HOOK = "/hook";
    private static final String HOOK_SECRET = "Hook-S3cret-Pa55";
    /** The one oversized record: its text column alone is larger than {@link #MAX_BYTES}. */
    private static final int MAX_BYTES = 8_192;
    private static final int MAX_RECORDS = 100;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    private static TestDatabase database;
    private static WireMockServer receiver;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                CREATE TABLE public.items (id integer PRIMARY KEY, n numeric, f double precision, tstz timestamptz,
                    ts timestamp, d date, tm time, iv interval, u uuid, doc jsonb, ia integer[][], raw bytea, m mood,
                    note text);
                INSERT INTO public.items VALUES
                  (1, 123456789012345678901234567890.1234567890, 'NaN', '2024-06-30 12:00:00.123456+02', 'infinity',
                   '-infinity', '23:59:59.999999', '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
                   '{"a": {"b": [1, 2.50]}, "e": {}}', '{{1,2},{3,4}}', '\\x00ff10', 'happy', ''),
                  (2, NULL, '-Infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO public.items (id, n, doc, note)
                SELECT g, g * 1.5, jsonb_build_object('g', g), CASE WHEN g = 500 THEN repeat('x', 10000) ELSE 'row ' || g END
                FROM generate_series(3, 1050) AS g;
                CREATE TABLE public.flaky (id integer PRIMARY KEY, v text);
                INSERT INTO public.flaky SELECT g, 'v' || g FROM generate_series(1, 250) g;
                ANALYZE;
                """);
        receiver = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        receiver.start();
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        receiver.stop();
        database.close();
    }

    @AfterEach
    void resetReceiver() {
        receiver.resetAll();
        LOGS.list.clear();
    }

    @Test
    void sedaReceivesTheFileSinksRecordsWithTheBatchInTheHeaders(@TempDir Path work) throws Exception {
        Properties file = Tidemark.against(database, work.resolve("file"));
        file.setProperty("tidemark.sync.batch-size", "300");
        try (TidemarkRuntime runtime = Tidemark.runtime(file)) {
            assertThat(runtime.runSyncCycle().succeeded()).isTrue();
        }
        Properties endpoint = Tidemark.against(database, work.resolve("endpoint"));
        endpoint.setProperty("tidemark.sync.batch-size", "300");
        endpoint.setProperty("tidemark.sink.type", "endpoint");
        endpoint.setProperty("tidemark.sink.uri", "seda:tidemark-records?size=10000");

        List<Exchange> messages = new ArrayList<>();
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(endpoint)) {
            report = runtime.runSyncCycle();
            ConsumerTemplate consumer = runtime.camelContext().createConsumerTemplate();
            for (Exchange message = consumer.receive("seda:tidemark-records", 1_000); message != null;
                 message = consumer.receive("seda:tidemark-records", 200)) {
                messages.add(message);
            }
        }
        assertThat(report.succeeded()).isTrue();
        assertThat(work.resolve("endpoint/out")).doesNotExist();

        for (String dataset : List.of("public.items", "public.flaky")) {
            List<Exchange> batches = messages.stream().filter(m -> dataset.equals(m.getMessage().getHeader(EndpointSink.DATASET)))
                    .sorted(Comparator.comparingInt(m -> m.getMessage().getHeader(EndpointSink.BATCH, Integer.class))).toList();
            List<JsonNode> sent = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                Map<String, Object> headers = batches.get(i).getMessage().getHeaders();
                JsonNode array = JSON.readTree(batches.get(i).getMessage().getBody(byte[].class));
                assertThat(headers).containsEntry(EndpointSink.SCHEMA, "public")
                        .containsEntry(EndpointSink.TABLE, dataset.substring("public.".length()))
                        .containsEntry(EndpointSink.RUN_ID, report.runId()).containsEntry(EndpointSink.BATCH, i + 1)
                        .containsEntry(EndpointSink.PART, 1).containsEntry(EndpointSink.LAST_PART, true)
                        .containsEntry(EndpointSink.OP, "upsert").containsEntry(EndpointSink.RECORD_COUNT, array.size())
                        .containsEntry(Exchange.CONTENT_TYPE, "application/json");
                array.forEach(record -> sent.add(withoutSyncedAt(record)));
            }
            List<JsonNode> written = JsonlDataset.read(work.resolve("file/out").resolve(dataset)).records().stream()
                    .map(EndpointSinkSyncTest::withoutSyncedAt).toList();
            assertThat(sent).as(dataset).hasSize(written.size()).containsExactlyElementsOf(written);
        }
        assertThat(messages).anySatisfy(m -> assertThat(m.getMessage().getHeader(EndpointSink.DATASET))
                .isEqualTo("_tidemark.sync_runs"));
    }

    @Test
    void fileEndpointWritesOneArrayPerMessageNamedByTheHeaders(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "300");
        properties.setProperty("tidemark.sink.type", "endpoint");
        properties.setProperty("tidemark.sink.uri", "file:" + work.resolve("messages")
                + "?fileName=${header.TidemarkDataset}/${header.TidemarkRunId}-${header.TidemarkBatch}-${header.TidemarkPart}.json");
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            report = runtime.runSyncCycle();
        }
        assertThat(report.succeeded()).isTrue();
        Path flaky = work.resolve("messages/public.flaky");
        assertThat(flaky).isDirectoryContaining("glob:**/" + report.runId() + "-1-1.json");
        int records = 0;
        try (Stream<Path> files = Files.list(flaky)) {
            for (Path file : files.toList()) {
                records += JSON.readTree(file.toFile()).size();
            }
        }
        assertThat(records).isEqualTo(250);
    }

    @Test
    void webhookMessagesStayWithinTheCapsAndAnOversizedRecordGoesAlone(@TempDir Path work) throws Exception {
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(webhook(work))) {
            report = runtime.runSyncCycle();
        }
        assertThat(report.succeeded()).isTrue();

        List<ServeEvent> items = received("public.items");
        List<JsonNode> records = new ArrayList<>();
        for (ServeEvent event : items) {
            assertThat(event.getRequest().getHeader("Content-Type")).startsWith("application/json");
            byte[] body = event.getRequest().getBody();
            JsonNode array = JSON.readTree(body);
            assertThat(array.size()).isBetween(1, MAX_RECORDS);
            assertThat(event.getRequest().getHeader(EndpointSink.RECORD_COUNT)).isEqualTo(Integer.toString(array.size()));
            if (array.size() > 1) {
                assertThat(body.length).isLessThanOrEqualTo(MAX_BYTES);
            }
            array.forEach(records::add);
        }
        assertThat(records).extracting(r -> r.get("id").asInt()).hasSize(1050).doesNotHaveDuplicates();
        ServeEvent oversized = items.stream().filter(e -> e.getRequest().getBody().length > MAX_BYTES).findFirst().orElseThrow();
        JsonNode alone = JSON.readTree(oversized.getRequest().getBody());
        assertThat(alone.size()).isEqualTo(1);
        assertThat(alone.get(0).get("id").asInt()).isEqualTo(500);
        assertThat(LOGS.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
                .contains("public.items batch").contains("over tidemark.sink.max-bytes (8192): sent alone"));
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheBatchOnceAndTheCheckpointAdvances(@TempDir Path work) throws Exception {
        receiver.stubFor(post(urlPathEqualTo(HOOK)).atPriority(5).willReturn(ok()));
        // the first message of public.flaky is refused twice, then taken
        receiver.stubFor(post(urlPathEqualTo(HOOK)).atPriority(1).withHeader(EndpointSink.DATASET, equalTo("public.flaky"))
                .inScenario("flaky").whenScenarioStateIs(STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed once"));
        receiver.stubFor(post(urlPathEqualTo(HOOK)).atPriority(1).withHeader(EndpointSink.DATASET, equalTo("public.flaky"))
                .inScenario("flaky").whenScenarioStateIs("failed once").willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed twice"));
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(webhook(work))) {
            report = runtime.runSyncCycle();
        }

        assertThat(report.succeeded()).isTrue();
        List<ServeEvent> flaky = received("public.flaky");
        // 250 rows are one batch, split by the caps into parts; part 1 is refused twice, then every part is taken once
        List<String> attempts = flaky.stream().map(e -> e.getResponse().getStatus() + " " + e.getRequest().getHeader(EndpointSink.BATCH)
                + "/" + e.getRequest().getHeader(EndpointSink.PART)).toList();
        assertThat(attempts).startsWith("503 1/1", "503 1/1", "200 1/1", "200 1/2", "200 1/3");
        for (int i = 2; i < attempts.size(); i++) {
            assertThat(attempts.get(i)).isEqualTo("200 1/" + (i - 1));
        }
        List<ServeEvent> accepted = flaky.stream().filter(e -> e.getResponse().getStatus() == 200).toList();
        assertThat(accepted.get(accepted.size() - 1).getRequest().getHeader(EndpointSink.LAST_PART)).isEqualTo("true");
        assertThat(flaky.get(0).getRequest().getBodyAsString()).isEqualTo(accepted.get(0).getRequest().getBodyAsString());
        List<Integer> ids = new ArrayList<>();
        for (ServeEvent event : accepted) {
            JSON.readTree(event.getRequest().getBody()).forEach(r -> ids.add(r.get("id").asInt()));
        }
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(checkpoint(work, "public.flaky")).contains(report.runId());
    }

    @Test
    void aReceiverThatKeepsFailingFailsThatTableOnlyAndARerunDelivers(@TempDir Path work) throws Exception {
        receiver.stubFor(post(urlPathEqualTo(HOOK)).atPriority(5).willReturn(ok()));
        receiver.stubFor(post(urlPathEqualTo(HOOK)).atPriority(1).withHeader(EndpointSink.DATASET, equalTo("public.flaky"))
                .willReturn(aResponse().withStatus(503)));
        Properties properties = webhook(work);
        properties.setProperty("tidemark.sink.uri", properties.getProperty("tidemark.sink.uri")
                + "&authMethod=Basic&authUsername=hook&authPassword=" + HOOK_SECRET);

        Tidemark.Result failed = Tidemark.main(properties, Map.of(), "--once");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout().lines().filter(l -> l.contains("public.flaky"))).as(failed.stdout()).singleElement().asString()
                .contains("failed: EndpointDeliveryException: the endpoint did not accept part 1 of public.flaky batch 1: HTTP 503");
        assertThat(failed.stdout()).containsPattern("public\\.items .* success");
        assertThat(received("public.flaky")).hasSize(5); // the first attempt and max-retries (4) retries
        assertThat(work.resolve("state/tables/public.flaky.json")).doesNotExist();
        assertThat(checkpoint(work, "public.items")).isNotEmpty();
        JsonNode flakyRun = syncRuns().stream().filter(r -> r.get("table").asText().equals("public.flaky")).findFirst().orElseThrow();
        assertThat(flakyRun.get("status").asText()).isEqualTo("failed");
        assertThat(flakyRun.get("error").asText()).contains("HTTP 503");
        String everything = failed.stdout() + failed.stderr() + String.join("\n", LOGS.list.stream()
                .map(e -> e.getFormattedMessage() + e.getThrowableProxy()).toList()) + syncRuns();
        assertThat(everything).doesNotContain(HOOK_SECRET);

        receiver.resetAll();
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        Tidemark.Result rerun = Tidemark.main(properties, Map.of(), "--once");

        assertThat(rerun.exitCode()).as(rerun.stderr()).isEqualTo(0);
        List<Integer> ids = new ArrayList<>();
        for (ServeEvent event : received("public.flaky")) {
            JSON.readTree(event.getRequest().getBody()).forEach(r -> ids.add(r.get("id").asInt()));
        }
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(checkpoint(work, "public.flaky")).isNotEmpty();
    }

    /**
     * Route level: a {@code direct:} receiver that throws for one table. The {@code checkpoint-batch} step of the real
     * {@code extract-table} route never sees that table's batch, while the other table's batches are checkpointed.
     */
    @Test
    void aBatchTheEndpointRefusedIsNeverCheckpointed(@TempDir Path work) throws Exception {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "300");
        properties.setProperty("tidemark.sync.max-retries", "1");
        properties.setProperty("tidemark.sink.type", "endpoint");
        properties.setProperty("tidemark.sink.uri", "direct:receiver");
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            CamelContext camel = runtime.camelContext();
            camel.addRoutes(new RefusingReceiver());
            AdviceWith.adviceWith(camel, "extract-table",
                    route -> route.weaveById("checkpoint-batch").before().to("mock:checkpoint"));
            MockEndpoint checkpoint = MockEndpoint.resolve(camel, "mock:checkpoint");

            CycleReport report = runtime.runSyncCycle();

            assertThat(report.tables()).filteredOn(r -> r.table().qualifiedName().equals("public.flaky")).singleElement()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(TableRun.Status.FAILED));
            assertThat(checkpoint.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(RowBatch.class).dataset())
                    .containsOnly("public.items").hasSize(4); // 1,050 rows in pages of 300
            assertThat(MockEndpoint.resolve(camel, "mock:received").getReceivedExchanges())
                    .extracting(e -> e.getMessage().getHeader(EndpointSink.DATASET)).contains("public.items");
        }
        assertThat(work.resolve("state/tables/public.flaky.json")).doesNotExist();
    }

    /** Takes every message but public.flaky's, for which it throws, as a failing downstream route would. */
    private static final class RefusingReceiver extends RouteBuilder {
        @Override
        public void configure() {
            from("direct:receiver").routeId("refusing-receiver")
                    .filter(header(EndpointSink.DATASET).isEqualTo("public.flaky"))
                        .throwException(new IllegalStateException("receiver refuses public.flaky"))
                    .end()
                    .to("mock:received");
        }
    }

    /** Properties sending to the loopback receiver with Fivetran-like caps (100 records, here 8 KiB). */
    private static Properties webhook(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "300");
        properties.setProperty("tidemark.sink.type", "endpoint");
        properties.setProperty("tidemark.sink.uri", "http://127.0.0.1:" + receiver.port() + HOOK + "?throwExceptionOnFailure=true");
        properties.setProperty("tidemark.sink.max-records", Integer.toString(MAX_RECORDS));
        properties.setProperty("tidemark.sink.max-bytes", Integer.toString(MAX_BYTES));
        return properties;
    }

    /** The requests of one dataset, in the order they came. */
    private static List<ServeEvent> received(String dataset) {
        List<ServeEvent> events = new ArrayList<>(receiver.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream().filter(e -> dataset.equals(e.getRequest().getHeader(EndpointSink.DATASET))).toList();
    }

    private static List<JsonNode> syncRuns() throws IOException {
        List<JsonNode> runs = new ArrayList<>();
        for (ServeEvent event : received("_tidemark.sync_runs")) {
            JSON.readTree(event.getRequest().getBody()).forEach(runs::add);
        }
        return runs;
    }

    private static String checkpoint(Path work, String table) throws IOException {
        return Files.readString(work.resolve("state/tables/" + table + ".json"), StandardCharsets.UTF_8);
    }

    private static JsonNode withoutSyncedAt(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove(RecordJson.SYNCED_AT_FIELD);
        return copy;
    }
}
