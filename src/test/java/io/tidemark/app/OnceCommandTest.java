package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** {@code tidemark --once}: exit codes 0, 1 and 2, the summary, one-line configuration errors, no secrets. */
class OnceCommandTest {
    private static final String SECRET = "Sup3r-Secret-Pa55";
    private static TestDatabase database;
    private static String reader;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.good (id integer PRIMARY KEY, name text);
                INSERT INTO public.good SELECT g, 'n' || g FROM generate_series(1, 1234) g;
                CREATE TABLE public.also_good (id integer PRIMARY KEY);
                INSERT INTO public.also_good SELECT generate_series(1, 10);
                -- reading this table fails: its row-level-security policy raises an error
                CREATE FUNCTION public.refuse() RETURNS boolean LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'reading refused by policy'; END $$;
                CREATE TABLE public.broken (id integer PRIMARY KEY);
                INSERT INTO public.broken VALUES (1);
                ANALYZE;
                """);
        reader = database.createReader(SECRET);
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    }

    /** Connects as a non-superuser whose password is {@link #SECRET}. */
    private static Properties asReader(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.username", reader);
        properties.setProperty("tidemark.source.password", SECRET);
        return properties;
    }

    @AfterAll
    static void dropDatabase() {
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        database.close();
    }

    @Test
    void exitsZeroAndPrintsASummaryWhenEveryTableSynced(@TempDir Path work) throws Exception {
        Properties properties = asReader(work);
        properties.setProperty("tidemark.source.include-tables", "public.*good");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).containsPattern("public\\.good\\s+small\\s+1,234\\s+1\\s")
                .containsPattern("public\\.also_good\\s+small\\s+10\\s")
                .contains("total: 2 tables, 1,244 rows")
                .contains("freshness: skipped: the demo freshness query does not fit this database (ERROR: relation"
                        + " \"customer_data\" does not exist); set tidemark.freshness.query, or tidemark.freshness.enabled=false");
        JsonlDataset.read(work.resolve("out/public.good")).assertEqualsTable(database, "public", "good");
        assertNoSecretIn(result, work);
    }

    @Test
    void exitsOneWhenATableFailsAndStillSyncsTheOthers(@TempDir Path work) throws Exception {
        database.execute("""
                ALTER TABLE public.broken ENABLE ROW LEVEL SECURITY;
                ALTER TABLE public.broken FORCE ROW LEVEL SECURITY;
                CREATE POLICY refuse_all ON public.broken USING (public.refuse());
                """);
        try {
            Tidemark.Result result = Tidemark.main(asReader(work), Map.of(), "--once");

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stdout()).containsPattern("public\\.broken .*failed: .*reading refused by policy")
                    .contains("1 failed");
            JsonlDataset.read(work.resolve("out/public.good")).assertEqualsTable(database, "public", "good");
            JsonlDataset.read(work.resolve("out/public.also_good")).assertEqualsTable(database, "public", "also_good");
            JsonNode failed = JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records().stream()
                    .filter(r -> r.get("table").asText().equals("public.broken")).findFirst().orElseThrow();
            assertThat(failed.get("status").asText()).isEqualTo("failed");
            assertThat(failed.get("error").asText()).contains("reading refused by policy");
            assertNoSecretIn(result, work);
        } finally {
            database.execute("DROP POLICY refuse_all ON public.broken; ALTER TABLE public.broken DISABLE ROW LEVEL SECURITY;");
        }
    }

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                Arguments.of("tidemark.sink.type", "s3", "tidemark.sink.type: must be one of file, jdbc, endpoint"),
                Arguments.of("tidemark.sync.batch-size", "-5", "tidemark.sync.batch-size: must not be negative"),
                Arguments.of("tidemark.sync.threads", "four", "tidemark.sync.threads: must be a whole number"),
                Arguments.of("tidemark.sync.cron", "every minute", "tidemark.sync.cron: is not a valid Quartz cron expression"),
                Arguments.of("tidemark.source.include-tables", "orders", "tidemark.source.include-tables: 'orders' is not a schema.table glob"),
                Arguments.of("tidemark.source.exclude-tables", "public.[ab]*", "tidemark.source.exclude-tables: 'public.[ab]*' uses '['"),
                Arguments.of("tidemark.source.jdbc-url", "jdbc:mysql://localhost/x", "tidemark.source.jdbc-url: must be a PostgreSQL JDBC URL"),
                Arguments.of("tidemark.source.jdbc-url", "jdbc:postgresql://127.0.0.1:1/nothing?password=" + SECRET,
                        "tidemark.source.jdbc-url: cannot connect to jdbc:postgresql://127.0.0.1:1/nothing?password=****"),
                Arguments.of("tidemark.sink.diretory", "/tmp/x", "tidemark.sink.diretory: is not a Tidemark property"),
                Arguments.of("tidemark.sync.large-table-rows", "10", "tidemark.sync.large-table-rows: must be at least"),
                Arguments.of("tidemark.monitor.cpu-high-percent", "101", "tidemark.monitor.cpu-high-percent: must be a percentage"),
                Arguments.of("tidemark.fivetran.cooldown", "30m", "tidemark.fivetran.cooldown: must be an ISO-8601 duration"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badConfigurations")
    void exitsTwoWithOneLineNamingTheProperty(String key, String value, String expected, @TempDir Path work) {
        Properties properties = asReader(work);
        properties.setProperty(key, value);

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertConfigurationError(result, expected, work);
    }

    @Test
    void aJdbcCheckpointStoreNeedsAReachableControlDatabase(@TempDir Path work) {
        Properties properties = asReader(work);
        properties.setProperty("tidemark.state.type", "jdbc");
        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"),
                "tidemark.state.jdbc-url: must be set when tidemark.state.type is jdbc", work);

        properties.setProperty("tidemark.state.jdbc-url", "jdbc:postgresql://127.0.0.1:1/control");
        properties.setProperty("tidemark.state.password", SECRET);
        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"),
                "tidemark.state.jdbc-url: cannot use jdbc:postgresql://127.0.0.1:1/control for checkpoints", work);
    }

    @Test
    void aJdbcSinkNeedsAReachableDestination(@TempDir Path work) {
        Properties properties = asReader(work);
        properties.setProperty("tidemark.sink.type", "jdbc");
        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"),
                "tidemark.sink.jdbc-url: must be set when tidemark.sink.type is jdbc", work);

        properties.setProperty("tidemark.sink.jdbc-url", "jdbc:postgresql://127.0.0.1:1/destination?password=" + SECRET);
        properties.setProperty("tidemark.sink.password", SECRET);
        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"),
                "tidemark.sink.jdbc-url: cannot connect to jdbc:postgresql://127.0.0.1:1/destination?password=****", work);
    }

    @Test
    void environmentVariablesAreCheckedToo(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(Tidemark.against(database, work), Map.of("TIDEMARK_SYNC_QUEUE_SIZE", "-1"), "--once");

        assertConfigurationError(result, "tidemark.sync.queue-size: must not be negative, got -1", work);
    }

    @Test
    void systemPropertiesWinOverEnvironmentVariables(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "-2");

        Tidemark.Result result = Tidemark.main(properties, Map.of("TIDEMARK_SYNC_BATCH_SIZE", "100"), "--once");

        assertConfigurationError(result, "tidemark.sync.batch-size: must not be negative, got -2", work);
    }

    @Test
    void unknownOptionIsAUsageError(@TempDir Path work) {
        Tidemark.Result result = Tidemark.main(Tidemark.against(database, work), Map.of(), "--twice");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("tidemark: unknown option '--twice' (usage: java -jar target/tidemark.jar [--once | --port N | reset <schema.table|glob>... | status [--json]])");
    }

    private static void assertConfigurationError(Tidemark.Result result, String expected, Path work) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0)).startsWith("tidemark: configuration error: " + expected).doesNotContain(SECRET);
        assertThat(result.stdout()).isEmpty();
        assertThat(work.resolve("out")).as("nothing written").doesNotExist();
        assertThat(work.resolve("state")).as("nothing written").doesNotExist();
    }

    private static void assertNoSecretIn(Tidemark.Result result, Path work) throws Exception {
        assertThat(result.stdout()).doesNotContain(SECRET);
        assertThat(result.stderr()).doesNotContain(SECRET);
        assertThat(LOGS.list).as("log events").isNotEmpty();
        for (ILoggingEvent event : List.copyOf(LOGS.list)) {
            assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
            if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage()).doesNotContain(SECRET);
            }
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain(SECRET);
            }
        }
    }
}
