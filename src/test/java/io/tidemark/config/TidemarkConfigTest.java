package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import io.tidemark.testing.ConfigFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LayeredProperties} and {@link TidemarkConfig} over a copy of the real config/application.properties
 * (tests run from the repository root). Environment and system properties are passed in, never the real ones.
 */
class TidemarkConfigTest {
    private ConfigFolder folder;

    @BeforeEach
    void copyRealConfiguration(@TempDir Path base) {
        folder = new ConfigFolder(base);
    }

    /** The config must be refused with one line that starts with the property key. */
    private ConfigException refused(String key, Map<String, String> env, Properties system) {
        Throwable thrown = catchThrowable(() -> folder.config(env, system));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        ConfigException e = (ConfigException) thrown;
        assertThat(e.property()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(key + ": ").doesNotContain("\n", "\r");
        return e;
    }

    private ConfigException refused(String key, String value) {
        return refused(key, Map.of(), ConfigFolder.system(key, value));
    }

    // ---------------------------------------------------------------------------------------------------------
    // defaults

    @Test
    void realFileParsesToTheContractDefaults() {
        TidemarkConfig config = folder.config(Map.of(), new Properties());

        assertThat(config.source().jdbcUrl()).isEmpty();
        assertThat(config.source().embedded()).isTrue();
        assertThat(config.source().username()).isEmpty();
        assertThat(config.source().password()).isEmpty();
        assertThat(config.source().selector().schemas()).isEmpty();
        assertThat(config.source().selector().selects("any", "table")).isTrue();

        TidemarkConfig.Sync sync = config.sync();
        assertThat(sync.cron()).isEqualTo("0 0/15 * * * ?");
        assertThat(sync.smallTableRows()).isEqualTo(1_000_000L);
        assertThat(sync.largeTableRows()).isEqualTo(50_000_000L);
        assertThat(sync.batchSize()).isZero();
        assertThat(sync.threads()).isZero();
        assertThat(sync.queueSize()).isZero();
        assertThat(sync.maxRetries()).isEqualTo(4);
        assertThat(sync.retryDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(sync.maxRetryDelay()).isEqualTo(Duration.ofMinutes(5));

        assertThat(config.sink().type()).isEqualTo(SinkType.FILE);
        assertThat(config.sink().directory()).isEqualTo(Path.of("data/out"));
        assertThat(config.freshness().enabled()).isTrue();
        assertThat(config.freshness().cron()).isEqualTo("0 0/5 * * * ?");
    }

    @Test
    void environmentNameMapping() {
        assertThat(LayeredProperties.environmentName("tidemark.sink.directory")).isEqualTo("TIDEMARK_SINK_DIRECTORY");
        assertThat(LayeredProperties.environmentName("tidemark.sync.small-table-rows"))
                .isEqualTo("TIDEMARK_SYNC_SMALL_TABLE_ROWS");
    }

    // ---------------------------------------------------------------------------------------------------------
    // precedence: system property > environment variable > demo.properties (embedded demo only) > file

    @Test
    void precedenceSystemOverEnvironmentOverDemoOverFile() throws IOException {
        assertThat(folder.config(Map.of(), new Properties()).sink().directory()).isEqualTo(Path.of("data/out"));

        folder.writeDemo("tidemark.sink.directory=demo/out\ntidemark.sync.small-table-rows=10000\n");
        TidemarkConfig demo = folder.config(Map.of(), new Properties());
        assertThat(demo.sink().directory()).isEqualTo(Path.of("demo/out"));
        assertThat(demo.sync().smallTableRows()).isEqualTo(10_000L);
        assertThat(demo.sync().largeTableRows()).isEqualTo(50_000_000L);

        Map<String, String> env = Map.of("TIDEMARK_SINK_DIRECTORY", "/env/out", "TIDEMARK_SYNC_SMALL_TABLE_ROWS", "20000");
        TidemarkConfig fromEnv = folder.config(env, new Properties());
        assertThat(fromEnv.sink().directory()).isEqualTo(Path.of("/env/out"));
        assertThat(fromEnv.sync().smallTableRows()).isEqualTo(20_000L);

        TidemarkConfig fromSystem = folder.config(env, ConfigFolder.system("tidemark.sink.directory", "/sys/out"));
        assertThat(fromSystem.sink().directory()).isEqualTo(Path.of("/sys/out"));
        assertThat(fromSystem.sync().smallTableRows()).isEqualTo(20_000L);
    }

    @Test
    void onlyTidemarkAndCamelKeysAreTakenFromSystemPropertiesAndEnvironment() throws IOException {
        folder.writeDemo("tidemark.sync.small-table-rows=10000\n");
        LayeredProperties properties = folder.load(Map.of("TIDEMARK_SYNC_THREADS", "3", "UNRELATED", "x"),
                ConfigFolder.system("tidemark.sink.directory", "/sys/out", "java.home.ignored", "y"));

        assertThat(properties.get("tidemark.sync.threads")).isEqualTo("3");
        assertThat(properties.get("tidemark.sink.directory")).isEqualTo("/sys/out");
        assertThat(properties.get("tidemark.sync.small-table-rows")).isEqualTo("10000");
        assertThat(properties.asMap()).doesNotContainKeys("java.home.ignored", "UNRELATED");
        assertThat(properties.get("no.such.key")).isEmpty();
    }

    @Test
    void demoOverlayIsNotAppliedWhenASourceUrlIsSetBySystemProperty() throws IOException {
        folder.writeDemo("tidemark.sink.directory=demo/out\ntidemark.sync.small-table-rows=10000\n");

        TidemarkConfig config = folder.config(Map.of(), ConfigFolder.system("tidemark.source.jdbc-url", "jdbc:postgresql://db:5432/shop"));

        assertThat(config.source().embedded()).isFalse();
        assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/shop");
        assertThat(config.sink().directory()).isEqualTo(Path.of("data/out"));
        assertThat(config.sync().smallTableRows()).isEqualTo(1_000_000L);
    }

    @Test
    void demoOverlayIsNotAppliedWhenASourceUrlIsSetByEnvironment() throws IOException {
        folder.writeDemo("tidemark.sync.small-table-rows=10000\n");

        TidemarkConfig config = folder.config(Map.of("TIDEMARK_SOURCE_JDBC_URL", "jdbc:postgresql://db/shop"), new Properties());

        assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db/shop");
        assertThat(config.sync().smallTableRows()).isEqualTo(1_000_000L);
    }

    @Test
    void demoOverlayIsNotAppliedWhenASourceUrlIsSetInTheFile() throws IOException {
        folder.writeDemo("tidemark.sync.small-table-rows=10000\n");
        folder.setInApplicationFile("tidemark.source.jdbc-url", "jdbc:postgresql://filehost/shop");

        TidemarkConfig config = folder.config(Map.of(), new Properties());

        assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://filehost/shop");
        assertThat(config.sync().smallTableRows()).isEqualTo(1_000_000L);
    }

    // ---------------------------------------------------------------------------------------------------------
    // refusals: one line, starting with the property key

    @ParameterizedTest(name = "state {0} at {1} as {2}: {3}")
    @CsvSource({
            "jdbc, jdbc:postgresql://warehouse:5432/analytics, loader, true",
            "jdbc, jdbc:postgresql://warehouse/analytics, loader, true",
            "jdbc, jdbc:postgresql://warehouse:5432/analytics, admin, false",
            "jdbc, jdbc:postgresql://control:5432/tidemark, loader, false",
            "file, jdbc:postgresql://warehouse:5432/analytics, loader, false",
    })
    void checkpointsCommitWithBatchesOnlyInTheDestinationDatabaseAsItsUser(String stateType, String stateUrl,
                                                                           String stateUser, boolean together) {
        Map<String, String> env = Map.of("TIDEMARK_SINK_TYPE", "jdbc",
                "TIDEMARK_SINK_JDBC_URL", "jdbc:postgresql://warehouse:5432/analytics", "TIDEMARK_SINK_USERNAME", "loader",
                "TIDEMARK_STATE_TYPE", stateType, "TIDEMARK_STATE_JDBC_URL", stateUrl, "TIDEMARK_STATE_USERNAME", stateUser);
        assertThat(folder.config(env, new Properties()).checkpointsInDestination()).isEqualTo(together);
    }

    @Test
    void negativeBatchSize() {
        assertThat(refused("tidemark.sync.batch-size", "-1"))
                .hasMessage("tidemark.sync.batch-size: must not be negative, got -1");
    }

    @Test
    void nonNumericBatchSize() {
        assertThat(refused("tidemark.sync.batch-size", "ten"))
                .hasMessage("tidemark.sync.batch-size: must be a whole number, got 'ten'");
    }

    @Test
    void badValueFromTheEnvironmentNamesThePropertyKey() {
        assertThat(refused("tidemark.sync.threads", Map.of("TIDEMARK_SYNC_THREADS", "-2"), new Properties()))
                .hasMessage("tidemark.sync.threads: must not be negative, got -2");
    }

    @Test
    void intPropertyAboveIntegerRange() {
        assertThat(refused("tidemark.sync.queue-size", "3000000000"))
                .hasMessage("tidemark.sync.queue-size: must be at most 2147483647, got 3000000000");
    }

    @Test
    void badCron() {
        assertThat(refused("tidemark.sync.cron", "not a cron"))
                .hasMessageStartingWith("tidemark.sync.cron: is not a valid Quartz cron expression ('not a cron'): ");
    }

    @Test
    void unknownSinkType() {
        assertThat(refused("tidemark.sink.type", "s3"))
                .hasMessage("tidemark.sink.type: must be one of file, jdbc, endpoint, got 's3'");
    }

    @Test
    void jdbcSinkNeedsItsDestination() {
        assertThat(refused("tidemark.sink.jdbc-url", Map.of(), ConfigFolder.system("tidemark.sink.type", "jdbc")))
                .hasMessage("tidemark.sink.jdbc-url: must be set when tidemark.sink.type is jdbc");
    }

    @Test
    void endpointSinkNeedsAUriOfAComponentOnTheClasspath() {
        assertThat(refused("tidemark.sink.uri", Map.of(), ConfigFolder.system("tidemark.sink.type", "endpoint")))
                .hasMessage("tidemark.sink.uri: must be set when tidemark.sink.type is endpoint");
        assertThat(refused("tidemark.sink.uri", Map.of(),
                ConfigFolder.system("tidemark.sink.type", "endpoint", "tidemark.sink.uri", "//hook:S3cretPw@hooks.example/in")))
                .hasMessage("tidemark.sink.uri: is not a Camel endpoint URI (component:path?options, e.g. seda:records)");
        ConfigException missing = refused("tidemark.sink.uri", Map.of(),
                ConfigFolder.system("tidemark.sink.type", "endpoint", "tidemark.sink.uri", "kafka:t?saslJaasConfig=S3cretPw"));
        assertThat(missing).hasMessageStartingWith("tidemark.sink.uri: no Camel component 'kafka' on the classpath");
        assertThat(missing.getMessage()).doesNotContain("S3cretPw");
    }

    @Test
    void endpointSinkSettingsAreTakenAndTheUriNeverShown() {
        TidemarkConfig config = folder.config(Map.of("TIDEMARK_SINK_URI", "https://hook:S3cretPw@hooks.example/in"),
                ConfigFolder.system("tidemark.sink.type", "endpoint", "tidemark.sink.max-records", "100",
                        "tidemark.sink.max-bytes", "102400", "tidemark.sink.flatten-json", "true"));

        assertThat(config.sink().type()).isEqualTo(SinkType.ENDPOINT);
        assertThat(config.sink().endpoint()).isEqualTo(new TidemarkConfig.Endpoint("https://hook:S3cretPw@hooks.example/in", 100, 102_400));
        assertThat(config.sink().flattenJson()).isTrue();
        assertThat(config.sink().toString()).doesNotContain("S3cretPw").contains("https:****");
        assertThat(Settings.secretKeys()).contains("tidemark.sink.uri");
    }

    @Test
    void messageCapsWithTheFileSinkAreRefusedRatherThanIgnored() {
        assertThat(refused("tidemark.sink.max-records", "100"))
                .hasMessage("tidemark.sink.max-records: applies to the endpoint sink only, not to tidemark.sink.type=file");
        assertThat(refused("tidemark.sink.max-bytes", "-1"))
                .hasMessage("tidemark.sink.max-bytes: must not be negative, got -1");
    }

    @Test
    void nonPostgresqlJdbcUrlIsRefusedWithItsPasswordParameterMasked() {
        ConfigException e = refused("tidemark.source.jdbc-url",
                "jdbc:mysql://db.example:3306/shop?user=app&password=S3cretPw&useSSL=true");

        assertThat(e).hasMessage("tidemark.source.jdbc-url: must be a PostgreSQL JDBC URL "
                + "(jdbc:postgresql://host:port/database), got 'jdbc:mysql://db.example:3306/shop?user=app&password=****&useSSL=true'");
        assertThat(e.getMessage()).doesNotContain("S3cretPw");
    }

    @Test
    void passwordParameterIsMaskedWhateverItsCaseAndSeparator() {
        assertThat(refused("tidemark.source.jdbc-url", "jdbc:sqlserver://db;user=app;Password=S3cretPw;encrypt=true")
                .getMessage()).doesNotContain("S3cretPw").contains("Password=****;encrypt=true");
    }

    /**
     * A libpq-style URI (postgres://user:password@host/db, e.g. a copied DATABASE_URL) is a likely wrong value
     * for the JDBC URL; the password in its user-info part must not be echoed either.
     */
    @Test
    void passwordInTheUserInfoOfABadUrlIsNotShown() {
        ConfigException e = refused("tidemark.source.jdbc-url", "postgresql://app:S3cretPw@db.example:5432/shop");

        assertThat(e.getMessage()).doesNotContain("S3cretPw");
    }

    @Test
    void largeTableRowsBelowSmallTableRows() {
        assertThat(refused("tidemark.sync.large-table-rows", Map.of(),
                ConfigFolder.system("tidemark.sync.small-table-rows", "100", "tidemark.sync.large-table-rows", "99")))
                .hasMessage("tidemark.sync.large-table-rows: must be at least tidemark.sync.small-table-rows (100), got 99");

        TidemarkConfig equal = folder.config(Map.of(),
                ConfigFolder.system("tidemark.sync.small-table-rows", "100", "tidemark.sync.large-table-rows", "100"));
        assertThat(equal.sync().largeTableRows()).isEqualTo(100L);
    }

    @Test
    void unknownPropertyKeyIsATypo() {
        assertThat(refused("tidemark.sink.diretory", "/tmp/x")).hasMessage(
                "tidemark.sink.diretory: is not a Tidemark property (check the spelling against config/application.properties)");
    }

    @Test
    void unknownPropertyKeyInTheFileIsATypo() throws IOException {
        Files.writeString(folder.base().resolve(LayeredProperties.APPLICATION_FILE), "\ntidemark.sync.treads=3\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(refused("tidemark.sync.treads", Map.of(), new Properties()))
                .hasMessageStartingWith("tidemark.sync.treads: is not a Tidemark property");
    }

    @Test
    void badDuration() {
        assertThat(refused("tidemark.sync.retry-delay", "5s")).hasMessage(
                "tidemark.sync.retry-delay: must be an ISO-8601 duration such as PT30M or PT5S, got '5s'");
    }

    @Test
    void negativeDuration() {
        assertThat(refused("tidemark.monitor.interval", "-PT1S"))
                .hasMessage("tidemark.monitor.interval: must not be negative, got -PT1S");
    }

    @Test
    void maxRetryDelayBelowRetryDelay() {
        assertThat(refused("tidemark.sync.max-retry-delay", "PT1S"))
                .hasMessage("tidemark.sync.max-retry-delay: must be at least tidemark.sync.retry-delay");
    }

    @ParameterizedTest
    @CsvSource({"101", "-1", "NaN", "100.5"})
    void percentOutOfRange(String value) {
        assertThat(refused("tidemark.monitor.memory-high-percent", value))
                .hasMessage("tidemark.monitor.memory-high-percent: must be a percentage from 0 to 100, got " + value);
    }

    @Test
    void percentNotANumber() {
        assertThat(refused("tidemark.freshness.threshold-percent", "ten"))
                .hasMessage("tidemark.freshness.threshold-percent: must be a percentage from 0 to 100, got 'ten'");
    }

    @Test
    void badBoolean() {
        assertThat(refused("tidemark.freshness.enabled", "yes"))
                .hasMessage("tidemark.freshness.enabled: must be true or false, got 'yes'");
    }

    @Test
    void badIncludeGlob() {
        assertThat(refused("tidemark.source.include-tables", "public.orders,orders")).hasMessage(
                "tidemark.source.include-tables: 'orders' is not a schema.table glob (use * and ?, e.g. public.order*)");
    }

    @Test
    void badExcludeGlob() {
        assertThat(refused("tidemark.source.exclude-tables", "public.tmp[0-9]")).hasMessage(
                "tidemark.source.exclude-tables: 'public.tmp[0-9]' uses '[', which globs here do not support (only * and ?)");
    }

    @Test
    void emptyListItem() {
        assertThat(refused("tidemark.source.schemas", "sales,,hr"))
                .hasMessage("tidemark.source.schemas: has an empty item in 'sales,,hr'");
    }

    @Test
    void aClusterNeedsItsControlDatabaseHoldingTheCheckpoints() {
        assertThat(refused("tidemark.cluster.jdbc-url", Map.of(), ConfigFolder.system("tidemark.cluster.enabled", "true")))
                .hasMessage("tidemark.cluster.jdbc-url: must be set when tidemark.cluster.enabled is true");
        Properties fileCheckpoints = ConfigFolder.system("tidemark.cluster.enabled", "true");
        fileCheckpoints.setProperty("tidemark.cluster.jdbc-url", "jdbc:postgresql://control:5432/tidemark");
        assertThat(refused("tidemark.state.type", Map.of(), fileCheckpoints)).hasMessageStartingWith(
                "tidemark.state.type: must be jdbc on the cluster's control database");
        Properties otherDatabase = ConfigFolder.system("tidemark.cluster.enabled", "true");
        otherDatabase.setProperty("tidemark.cluster.jdbc-url", "jdbc:postgresql://control:5432/tidemark");
        otherDatabase.setProperty("tidemark.state.type", "jdbc");
        otherDatabase.setProperty("tidemark.state.jdbc-url", "jdbc:postgresql://control:5432/elsewhere");
        assertThat(refused("tidemark.state.type", Map.of(), otherDatabase)).hasMessageStartingWith(
                "tidemark.state.type: must be jdbc on the cluster's control database");
    }

    @Test
    void aClaimOutlivesThreeHeartbeatsAndANodeHasAName() {
        Properties quickClaims = ConfigFolder.system("tidemark.cluster.claim-timeout", "PT5S");
        quickClaims.setProperty("tidemark.cluster.heartbeat-interval", "PT2S");
        assertThat(refused("tidemark.cluster.claim-timeout", Map.of(), quickClaims)).hasMessage("tidemark.cluster.claim-timeout:"
                + " must be at least three times tidemark.cluster.heartbeat-interval (PT2S): a live node's claim would expire"
                + " between two heartbeats");
        assertThat(refused("tidemark.cluster.node-name", "node one")).hasMessage(
                "tidemark.cluster.node-name: is not a name: up to 100 letters, digits and . _ - : @ ('node one')");
        assertThat(folder.config(Map.of(), ConfigFolder.system("tidemark.cluster.node-name", "eu-west-1a.node-7"))
                .cluster().nodeName()).isEqualTo("eu-west-1a.node-7");
        assertThat(folder.config(Map.of(), new Properties()).cluster().nodeName())
                .endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void unbuiltFeatureWithANonDefaultValue() {
        assertThat(refused("tidemark.profile", "staging"))
                .hasMessage("tidemark.profile: must be empty or one of dev, prod, high-volume, got 'staging'");
        assertThat(refused("tidemark.state.type", "redis"))
                .hasMessage("tidemark.state.type: must be one of file, jdbc, got 'redis'");
    }

    @Test
    void missingApplicationFile() throws IOException {
        Files.delete(folder.base().resolve(LayeredProperties.APPLICATION_FILE));

        assertThatThrownBy(() -> folder.load(Map.of(), new Properties()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.property()).isEqualTo("config/application.properties");
                    assertThat(e.getMessage())
                            .isEqualTo("config/application.properties: not found in " + folder.base().toAbsolutePath()
                                    + " (run Tidemark from the folder that holds config/ and routes/)")
                            .doesNotContain("\n");
                });
    }
}
