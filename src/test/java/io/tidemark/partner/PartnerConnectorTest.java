package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.tidemark.monitor.OshiResourceSampler;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.partner.sdk.Column;
import io.tidemark.partner.sdk.ConfigurationFormRequest;
import io.tidemark.partner.sdk.ConfigurationFormResponse;
import io.tidemark.partner.sdk.DataType;
import io.tidemark.partner.sdk.FormField;
import io.tidemark.partner.sdk.SchemaRequest;
import io.tidemark.partner.sdk.SchemaResponse;
import io.tidemark.partner.sdk.SchemaSelection;
import io.tidemark.partner.sdk.Selection;
import io.tidemark.partner.sdk.SourceConnectorGrpc;
import io.tidemark.partner.sdk.Table;
import io.tidemark.partner.sdk.TableSelection;
import io.tidemark.partner.sdk.TablesWithSchema;
import io.tidemark.partner.sdk.TestRequest;
import io.tidemark.partner.sdk.TestResponse;
import io.tidemark.partner.sdk.TextField;
import io.tidemark.partner.sdk.UpdateRequest;
import io.tidemark.partner.sdk.UpdateResponse;
import io.tidemark.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Partner SDK server on a loopback port, driven by the generated blocking stub against a real PostgreSQL, its
 * {@code Update} streams applied to {@link DestinationModel}: after each, the model must equal the source.
 */
class PartnerConnectorTest {
    private static TestDatabase db;
    private static DefaultCamelContext camel;
    private static PartnerServer server;
    private static ManagedChannel channel;
    private static SourceConnectorGrpc.SourceConnectorBlockingStub stub;

    @BeforeAll
    static void startServer() throws Exception {
        db = TestDatabase.create();
        Clock clock = Clock.systemUTC();
        // no cursor lag: rows changed just before an Update are read by it
        Properties serverProperties = new Properties();
        serverProperties.setProperty("tidemark.sync.cursor-lag", "PT0S");
        server = new PartnerServer(0, new ConnectorConfiguration(Path.of(""), Map.of(), serverProperties),
                new ResourceMonitor(new OshiResourceSampler(List.of(), clock), Duration.ofSeconds(1), clock), Duration.ofSeconds(5), clock);
        camel = new DefaultCamelContext();
        camel.addService(server, true, true);
        camel.start();
        channel = NettyChannelBuilder.forAddress("localhost", server.port()).usePlaintext().build();
        stub = SourceConnectorGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (camel != null) {
            camel.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    /** The form's fields for the test database, plus {@code extra}. */
    private static Map<String, String> form(String... extra) {
        URI url = URI.create(db.url().substring("jdbc:".length()));
        Map<String, String> form = new HashMap<>(Map.of("host", url.getHost(), "port", Integer.toString(url.getPort()),
                "database", url.getPath().substring(1), "username", db.username(), "password", db.password()));
        for (int i = 0; i < extra.length; i += 2) {
            form.put(extra[i], extra[i + 1]);
        }
        return form;
    }

    private static String uniqueSchema(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime());
    }

    /** {@code rows} rows in {@code schema.items} (id key, name, amount numeric(10,2), updated_at cursor), all in the past. */
    private static void createItems(String schema, int rows) {
        db.execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".items (id bigint PRIMARY KEY, name text,"
                + " amount numeric(10,2), updated_at timestamptz NOT NULL);"
                + " INSERT INTO " + schema + ".items SELECT g, 'item ' || g, g / 100.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second'"
                + " FROM generate_series(1, " + rows + ") g; ANALYZE " + schema + ".items");
    }

    @Test
    void theFormAsksForTheConnectionAndOffersTwoTests() {
        ConfigurationFormResponse form = stub.configurationForm(ConfigurationFormRequest.getDefaultInstance());

        assertThat(form.getSchemaSelectionSupported()).isTrue();
        assertThat(form.getTableSelectionSupported()).isTrue();
        assertThat(form.getFieldsList()).extracting(FormField::getName).containsSequence("host", "port", "database", "username", "password")
                .contains("schemas", "include_tables", "exclude_tables", "region", "max_retries", "retry_sleep_seconds",
                        "table_filters", "custom_batch_size", "custom_threads", "custom_queue_size");
        FormField password = form.getFieldsList().stream().filter(f -> f.getName().equals("password")).findFirst().orElseThrow();
        assertThat(password.getTextField()).isEqualTo(TextField.Password);
        assertThat(password.getRequired()).isTrue();
        assertThat(form.getFieldsList()).allSatisfy(field -> {
            assertThat(field.getLabel()).isNotBlank();
            assertThat(field.getDescription()).isNotBlank();
        });
        assertThat(form.getTestsList()).extracting(t -> t.getName()).containsExactly("connect", "select");
    }

    @Test
    void testsConnectAndCheckTheSelection() {
        String schema = uniqueSchema("tests");
        createItems(schema, 10);

        assertThat(stub.test(TestRequest.newBuilder().setName("connect").putAllConfiguration(form()).build()).getSuccess()).isTrue();
        assertThat(stub.test(TestRequest.newBuilder().setName("select").putAllConfiguration(form("schemas", schema)).build())
                .getSuccess()).isTrue();

        TestResponse noSchema = stub.test(TestRequest.newBuilder().setName("select")
                .putAllConfiguration(form("schemas", "no_such_schema")).build());
        assertThat(noSchema.getFailure()).isEqualTo("schemas: schema 'no_such_schema' not found in the source");

        TestResponse noDatabase = stub.test(TestRequest.newBuilder().setName("connect")
                .putAllConfiguration(form("database", "no_such_database")).build());
        assertThat(noDatabase.getFailure()).startsWith("host: cannot connect to jdbc:postgresql://")
                .contains("database \"no_such_database\" does not exist").doesNotContain("\n").doesNotContain("Exception");

        TestResponse badPort = stub.test(TestRequest.newBuilder().setName("connect").putAllConfiguration(form("port", "x")).build());
        assertThat(badPort.getFailure()).isEqualTo("port: 'x' is not a port number (1 to 65535)");
    }

    @Test
    void selectFailsForAUserWithoutUsageOnTheSchema() {
        String schema = uniqueSchema("hidden");
        createItems(schema, 5);
        String reader = db.createReader("reader-secret-pw");
        db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + reader);

        TestResponse response = stub.test(TestRequest.newBuilder().setName("select")
                .putAllConfiguration(form("schemas", schema, "username", reader, "password", "reader-secret-pw")).build());

        assertThat(response.getFailure()).isEqualTo("username: '" + reader + "' may not SELECT any of the 1 selected tables"
                + " (GRANT SELECT on them, and USAGE on their schemas)");
        assertThat(response.getFailure()).doesNotContain("reader-secret-pw");
    }

    @Test
    void theSchemaHasEveryColumnWithItsTypeAndKey() {
        String schema = uniqueSchema("described");
        db.execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".lines (order_id int, line smallint, price numeric(12,2),"
                + " note text, PRIMARY KEY (order_id, line)); CREATE VIEW " + schema + ".line_view AS SELECT * FROM " + schema + ".lines;"
                + " CREATE TABLE " + schema + ".events (at timestamptz, payload jsonb)");

        SchemaResponse response = stub.schema(SchemaRequest.newBuilder().putAllConfiguration(form("schemas", schema)).build());

        assertThat(response.getWithSchema().getSchemasList()).hasSize(1);
        List<Table> tables = response.getWithSchema().getSchemas(0).getTablesList();
        assertThat(tables).extracting(Table::getName).containsExactly("events", "lines");
        List<Column> lines = tables.get(1).getColumnsList();
        assertThat(lines).extracting(Column::getName).containsExactly("order_id", "line", "price", "note");
        assertThat(lines).extracting(Column::getType).containsExactly(DataType.INT, DataType.SHORT, DataType.DECIMAL, DataType.STRING);
        assertThat(lines).extracting(Column::getPrimaryKey).containsExactly(true, true, false, false);
        assertThat(lines.get(2).getParams().getDecimal().getPrecision()).isEqualTo(12);
        assertThat(lines.get(2).getParams().getDecimal().getScale()).isEqualTo(2);
        assertThat(tables.get(0).getColumnsList()).extracting(Column::getType).containsExactly(DataType.UTC_DATETIME, DataType.JSON);
        assertThat(tables.get(0).getColumnsList()).noneMatch(Column::getPrimaryKey);
    }

    @Test
    void anInitialSyncThenIncrementalUpdatesKeepTheModelEqualToTheSource() throws Exception {
        String schema = uniqueSchema("synced");
        createItems(schema, 2_345);
        db.execute("CREATE TABLE " + schema + ".keyless (code text, qty int); INSERT INTO " + schema + ".keyless"
                + " SELECT 'c' || g, g FROM generate_series(1, 250) g");
        DestinationModel model = new DestinationModel();

        Applied first = apply(model, update(form("schemas", schema, "custom_batch_size", "500"), null));

        assertThat(first.truncatedFirst()).containsExactlyInAnyOrder(schema + ".items", schema + ".keyless");
        assertThat(first.upserts()).isEqualTo(2_345 + 250);
        assertThat(first.largestRecordsMessage()).isLessThanOrEqualTo(100);
        assertThat(first.pagesWithoutCheckpoint()).isZero();
        assertSameRows(model, schema);
        assertThat(model.table(schema + ".keyless")).hasSize(250);

        db.execute("UPDATE " + schema + ".items SET name = 'renamed', updated_at = clock_timestamp() WHERE id % 100 = 0;"
                + " INSERT INTO " + schema + ".items VALUES (100000, 'new', 1.50, clock_timestamp())");

        Applied second = apply(model, update(form("schemas", schema, "custom_batch_size", "500"), first.lastState()));

        assertThat(second.truncatedFirst()).as("only the keyless table starts a new pass").containsExactly(schema + ".keyless");
        assertThat(second.upsertsOf(schema + ".items")).as("only the changed rows").isEqualTo(23 + 1);
        assertSameRows(model, schema);

        Applied third = apply(model, update(form("schemas", schema, "custom_batch_size", "500"), second.lastState()));
        assertThat(third.upsertsOf(schema + ".items")).isZero();
        assertSameRows(model, schema);
    }

    @Test
    void anUpdateCancelledMidStreamAndResumedFromItsLastCheckpointLosesNothing() throws Exception {
        String schema = uniqueSchema("cancelled");
        createItems(schema, 20_000);
        DestinationModel model = new DestinationModel();
        Map<String, String> form = form("schemas", schema, "custom_batch_size", "200");

        String lastState;
        int checkpoints = 0;
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Iterator<UpdateResponse> responses = call.call(() -> stub.update(update(form, null)));
            lastState = null;
            while (checkpoints < 5 && responses.hasNext()) {
                UpdateResponse response = responses.next();
                model.apply(response);
                if (response.hasCheckpoint()) {
                    lastState = response.getCheckpoint().getStateJson();
                    checkpoints++;
                }
            }
            call.cancel(null);
        }
        assertThat(checkpoints).isEqualTo(5);
        assertThat(model.table(schema + ".items")).hasSizeLessThan(20_000);
        // the server stops reading the source: the Update's pool is closed
        await().atMost(Duration.ofSeconds(20)).until(() -> tidemarkSessions() == 0);

        apply(model, update(form, lastState));

        assertSameRows(model, schema);
    }

    @Test
    void theSelectionLeavesOutTablesAndColumns() throws Exception {
        String schema = uniqueSchema("selected");
        createItems(schema, 300);
        db.execute("CREATE TABLE " + schema + ".other (id int PRIMARY KEY); INSERT INTO " + schema + ".other VALUES (1)");
        Selection selection = Selection.newBuilder().setWithSchema(TablesWithSchema.newBuilder()
                .addSchemas(SchemaSelection.newBuilder().setSchemaName(schema).setIncluded(true)
                        .addTables(TableSelection.newBuilder().setTableName("items").setIncluded(true)
                                .putColumns("name", false).putColumns("id", true).setIncludeNewColumns(true))
                        .addTables(TableSelection.newBuilder().setTableName("other").setIncluded(false)))).build();
        DestinationModel model = new DestinationModel();

        apply(model, update(form("schemas", schema), null).toBuilder().setSelection(selection).build());

        assertThat(model.tables()).containsExactly(schema + ".items");
        assertThat(model.table(schema + ".items")).hasSize(300)
                .allSatisfy((key, row) -> assertThat(row).containsOnlyKeys("id", "amount", "updated_at"));
    }

    @Test
    void aPermanentErrorMidStreamEndsItWithAStatusAfterTheLastGoodCheckpoint() {
        String schema = uniqueSchema("failing");
        createItems(schema, 3_000);
        DestinationModel model = new DestinationModel();
        // the filter divides by zero at id 1500, on the third page of 500
        Map<String, String> form = form("schemas", schema, "custom_batch_size", "500",
                "table_filters", "{\"" + schema + ".items\": {\"where\": \"100 / (id - 1500) > -1000\"}}");

        assertThatThrownBy(() -> apply(model, update(form, null)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).isEqualTo(schema + ".items: ERROR: division by zero (SQLSTATE 22012)");
                });
        assertThat(model.table(schema + ".items")).hasSize(1_000);
        assertThat(model.lastState()).contains("\"snapshotKey\":[\"1000\"]");
    }

    @Test
    void anUpdateDoesNotBlockTheOtherCalls() throws Exception {
        String schema = uniqueSchema("busy");
        createItems(schema, 20_000);
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            Iterator<UpdateResponse> responses = call.call(() -> stub.update(update(form("schemas", schema, "custom_batch_size", "100"), null)));
            assertThat(responses.hasNext()).isTrue(); // the Update is under way, and its client reads no further

            assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).configurationForm(ConfigurationFormRequest.getDefaultInstance())
                    .getFieldsCount()).isGreaterThan(5);
            assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).test(TestRequest.newBuilder().setName("connect")
                    .putAllConfiguration(form()).build()).getSuccess()).isTrue();
            assertThat(stub.withDeadlineAfter(10, TimeUnit.SECONDS).schema(SchemaRequest.newBuilder()
                    .putAllConfiguration(form("schemas", schema)).build()).getWithSchema().getSchemasCount()).isEqualTo(1);
            call.cancel(null);
        }
    }

    @Test
    void aClientThatDoesNotReadHoldsTheReadBackInsteadOfFillingMemory() throws Exception {
        String schema = uniqueSchema("slowclient");
        createItems(schema, 20_000);
        DestinationModel model = new DestinationModel();
        Iterator<UpdateResponse> responses = stub.update(update(form("schemas", schema, "custom_batch_size", "500"), null));
        model.apply(responses.next());

        // gRPC's window fills; the table's thread then waits in the stream for the client, not reading the source
        await().atMost(Duration.ofSeconds(20)).until(PartnerConnectorTest::aTableThreadWaitsForTheClient);
        Thread.sleep(300);
        assertThat(aTableThreadWaitsForTheClient()).isTrue();

        responses.forEachRemaining(model::apply);
        assertSameRows(model, schema);
    }

    private static boolean aTableThreadWaitsForTheClient() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(thread -> thread.getKey().getName().startsWith("tidemark-update-table-"))
                .anyMatch(thread -> thread.getKey().getState() == Thread.State.TIMED_WAITING && List.of(thread.getValue()).stream()
                        .anyMatch(frame -> frame.getClassName().equals(UpdateStream.class.getName()) && frame.getMethodName().equals("send")));
    }

    @Test
    void aLostConnectionIsRetriedFromThePageItWasReading() throws Exception {
        String schema = uniqueSchema("retried");
        createItems(schema, 3_000);
        DestinationModel model = new DestinationModel();
        // the page holding id 1500 takes a while: long enough to terminate the session reading it
        Map<String, String> form = form("schemas", schema, "custom_batch_size", "500", "retry_sleep_seconds", "0.1",
                "table_filters", "{\"" + schema + ".items\": {\"where\": \"CASE WHEN id = 1500 THEN pg_sleep(1) IS NOT NULL ELSE true END\"}}");
        Iterator<UpdateResponse> responses = stub.update(update(form, null));
        model.apply(responses.next());

        await().atMost(Duration.ofSeconds(20)).until(() -> terminateSessionsSleepingIn() > 0);
        responses.forEachRemaining(model::apply);

        assertSameRows(model, schema);
    }

    /** Terminates the Tidemark sessions running a query with pg_sleep; how many. */
    private static int terminateSessionsSleepingIn() throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE application_name = 'tidemark' AND state = 'active' AND query LIKE '%pg_sleep%'"
                     + " AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The embedded test server trusts every login; this one checks passwords, as a production server does. */
    @Test
    void aWrongPasswordFailsTheConnectTestNamingThePassword(@TempDir Path work) throws Exception {
        try (EmbeddedPostgres checking = TestDatabase.checkingPasswords(work.resolve("pgdata"), "right-password")) {
            Map<String, String> form = Map.of("host", "127.0.0.1", "port", Integer.toString(checking.getPort()),
                    "database", "postgres", "username", "checked_reader", "password", "wrong-password");

            TestResponse response = stub.test(TestRequest.newBuilder().setName("connect").putAllConfiguration(form).build());

            assertThat(response.getFailure()).isEqualTo("password: cannot connect to jdbc:postgresql://127.0.0.1:" + checking.getPort()
                    + "/postgres as checked_reader: FATAL: password authentication failed for user \"checked_reader\"");
            assertThatThrownBy(() -> stub.update(UpdateRequest.newBuilder().putAllConfiguration(form).build()).hasNext())
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("password: cannot connect").doesNotContain("wrong-password");
                    });
        }
    }

    @Test
    void aTimestampFivetranCannotHoldIsSentAsNullWithOneWarningForItsColumn() {
        String schema = uniqueSchema("warned");
        db.execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".events (id int PRIMARY KEY, at timestamptz);"
                + " INSERT INTO " + schema + ".events VALUES (1, 'infinity'), (2, '2024-01-01 00:00:00+00'), (3, '-infinity')");

        List<UpdateResponse> responses = new java.util.ArrayList<>();
        stub.update(update(form("schemas", schema), null)).forEachRemaining(responses::add);

        assertThat(responses).filteredOn(UpdateResponse::hasWarning).extracting(r -> r.getWarning().getMessage())
                .singleElement().asString().startsWith(schema + ".events.at: 'infinity' cannot be a Fivetran UTC_DATETIME");
        DestinationModel model = new DestinationModel();
        responses.forEach(model::apply);
        assertThat(model.table(schema + ".events")).extractingByKeys("1", "2", "3").extracting(row -> row.get("at"))
                .containsExactly("null", "utc_datetime:1704067200000000", "null");
        int warning = responses.indexOf(responses.stream().filter(UpdateResponse::hasWarning).findFirst().orElseThrow());
        assertThat(responses.subList(warning, responses.size())).as("the warning comes before the page it is about")
                .anyMatch(UpdateResponse::hasRecords);
    }

    @Test
    void aMalformedStateIsRefusedAsAnInvalidArgument() {
        assertThatThrownBy(() -> stub.update(update(form(), "{\"version\": 7, \"tables\": {}}")).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("state_json: has version 7; this Tidemark reads version 1");
                });
    }

    private static UpdateRequest update(Map<String, String> form, String state) {
        UpdateRequest.Builder request = UpdateRequest.newBuilder().putAllConfiguration(form);
        if (state != null) {
            request.setStateJson(state);
        }
        return request.build();
    }

    /** Reads the whole stream into the model. */
    private static Applied apply(DestinationModel model, UpdateRequest request) {
        Applied applied = new Applied(model);
        stub.update(request).forEachRemaining(applied::accept);
        return applied;
    }

    /** Each source row of {@code schema.items} as the model holds it. */
    private static Map<String, Map<String, String>> sourceItems(String schema) throws Exception {
        Map<String, Map<String, String>> rows = new HashMap<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, name, amount::text, (extract(epoch FROM updated_at) * 1000000)::bigint FROM "
                     + schema + ".items")) {
            while (rs.next()) {
                rows.put(rs.getString(1), Map.of("id", "long:" + rs.getString(1), "name", "string:" + rs.getString(2),
                        "amount", "decimal:" + rs.getString(3), "updated_at", "utc_datetime:" + rs.getLong(4)));
            }
        }
        return rows;
    }

    /** The model's items equal the source's; on a difference, only the rows that differ are shown. */
    private static void assertSameRows(DestinationModel model, String schema) throws Exception {
        Map<String, Map<String, String>> source = sourceItems(schema);
        Map<String, Map<String, String>> destination = model.rows(schema + ".items");
        Map<String, String> differences = new java.util.TreeMap<>();
        source.forEach((key, row) -> {
            if (!row.equals(destination.get(key))) {
                differences.put(key, row + " != " + destination.get(key));
            }
        });
        destination.keySet().stream().filter(key -> !source.containsKey(key)).forEach(key -> differences.put(key, "not in the source"));
        assertThat(differences).as("rows that differ").isEmpty();
    }

    private static int tidemarkSessions() throws Exception {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'tidemark'"
                     + " AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
