package io.tidemark.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tidemark's validated configuration. {@link #from(LayeredProperties)} checks every property of the contract
 * before anything starts, so that a bad value ends the run with one line naming it and nothing written.
 */
public record TidemarkConfig(Source source, Sync sync, Monitor monitor, Sink sink, State state, Preprocess preprocess,
                             Freshness freshness, Fivetran fivetran) {

    /**
     * Statements run before each cycle's extraction for the tables matching {@code tables}, with
     * {@code connectionIds} (from {@code tidemark.fivetran.connection-id}) bound to {@code :connection_ids}.
     */
    public record Preprocess(List<PreprocessSql.Statement> statements, List<Pattern> tables,
                             List<String> connectionIds) {
    }

    /** Where checkpoints live: files under {@code directory}, or a control database ({@code type} jdbc). */
    public record State(String type, Path directory, String jdbcUrl, String username, String password) {
        @Override
        public String toString() {
            return "State[" + type + ", " + directory + ", " + JdbcUrls.redact(jdbcUrl) + "]";
        }
    }

    /** The folder for checkpoint files and full-refresh key logs (used by both store types). */
    public Path stateDirectory() {
        return state.directory();
    }

    /** The source database; an empty JDBC URL selects the embedded demo database. */
    public record Source(String jdbcUrl, String username, String password, TableSelector selector) {
        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }

        public Source withConnection(String url, String user, String pass) {
            return new Source(url, user, pass, selector);
        }

        @Override
        public String toString() {
            return "Source[" + JdbcUrls.redact(jdbcUrl) + ", user=" + username + "]";
        }
    }

    /**
     * How a cycle runs. {@code batchSize}, {@code threads} and {@code queueSize} are fixed overrides when &gt; 0,
     * otherwise the per-category values apply. {@code maxRetries} transient failures of one batch are retried
     * with exponential backoff from {@code retryDelay} up to {@code maxRetryDelay}.
     */
    public record Sync(String cron, long smallTableRows, long largeTableRows, int batchSize, int threads,
                       int queueSize, int maxRetries, Duration retryDelay, Duration maxRetryDelay, Profile profile,
                       List<String> cursorColumns, Duration cursorLag, String timestampTimeZone, String region,
                       String regionColumn, TableFilters tableFilters) {
    }

    /**
     * The resource monitor: thresholds in percent, the hysteresis margin, and the minimum time between two
     * samples of the machine.
     */
    public record Monitor(double memoryHigh, double memoryCritical, double cpuHigh, double cpuCritical,
                          double diskCritical, double hysteresis, Duration interval) {
    }

    public record Sink(String type, Path directory) {
    }

    /**
     * The freshness check: the ratio rule's query and threshold, or the max-age rule's tables
     * ({@link MaxAge#selected()}); the connections to trigger are {@link Fivetran#connectionIds()}.
     */
    public record Freshness(boolean enabled, String cron, String query, String statusColumn, String staleValue,
                            double thresholdPercent, Duration statementTimeout, MaxAge maxAge) {
        /** The shipped default of {@code tidemark.freshness.query}: the demo's, on {@code customer_data}. */
        public static final String DEMO_QUERY = "SELECT company_id, company_name, last_update_time, CASE WHEN"
                + " last_update_time < NOW() - INTERVAL '24 hours' THEN 'Stale data' ELSE 'Fresh data' END AS"
                + " freshness_status FROM customer_data WHERE active = true";

        public boolean demoQuery() {
            return query.strip().replaceAll("\\s+", " ").equals(DEMO_QUERY);
        }
    }

    /**
     * Fivetran's REST API: without an API key every freshness check is a dry run (decide and record, never
     * call). Calls are retried {@code maxRetries} times with exponential backoff from {@code retryDelay} up to
     * {@code maxRetryDelay}, the longest {@code Retry-After} Tidemark waits for.
     */
    public record Fivetran(URI baseUrl, String apiKey, String apiSecret, List<String> connectionIds, boolean force,
                           boolean unpause, Duration cooldown, boolean waitForCompletion, Duration pollInterval,
                           Duration waitTimeout, int maxRetries, Duration retryDelay, Duration maxRetryDelay,
                           Duration connectTimeout, Duration responseTimeout) {
        /** What a Fivetran connection id looks like; anything else would change the request's path. */
        public static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

        public boolean dryRun() {
            return apiKey.isEmpty();
        }

        @Override
        public String toString() {
            return "Fivetran[" + baseUrl + ", connections=" + connectionIds + ", " + (dryRun() ? "dry run" : "credentials set") + "]";
        }
    }

    /**
     * {@code tidemark.freshness.mode} and, for {@code max-age}, the tables it judges
     * ({@code tidemark.freshness.max-age}); a table's default connections are {@link Fivetran#connectionIds()}.
     */
    public record MaxAge(String mode, MaxAgeTables tables) {
        public static final String RATIO = "ratio";
        public static final String MAX_AGE = "max-age";

        /** Whether the freshness check judges the age of each table's newest row instead of the query's ratio. */
        public boolean selected() {
            return MAX_AGE.equals(mode);
        }
    }

    /** The max-age settings of already loaded properties (validated as {@link #from} validates them). */
    public static MaxAge maxAge(LayeredProperties properties) {
        return maxAge(new PropertyReader(properties));
    }

    private static MaxAge maxAge(PropertyReader reader) {
        String mode = reader.oneOf("tidemark.freshness.mode", MaxAge.RATIO, MaxAge.MAX_AGE);
        MaxAgeTables tables = MaxAgeTables.parse(reader.string(MaxAgeTables.KEY));
        if (mode.equals(MaxAge.MAX_AGE) && tables.isEmpty()) {
            throw new ConfigException(MaxAgeTables.KEY, "must name at least one schema.table glob while"
                    + " tidemark.freshness.mode is max-age, e.g. {\"public.orders\": {\"error-after\": \"PT6H\"}}");
        }
        return new MaxAge(mode, tables);
    }

    public static TidemarkConfig from(LayeredProperties properties) {
        PropertyReader reader = new PropertyReader(properties);
        Source source = source(reader);
        Sync sync = sync(reader);
        Monitor monitor = monitor(reader);
        Sink sink = sink(reader);
        State state = state(reader);
        Preprocess preprocess = preprocess(reader);
        Freshness freshness = freshness(reader);
        Fivetran fivetran = fivetran(reader);
        refuseUnbuiltFeatures(reader);
        reader.rejectUnknownKeys();
        return new TidemarkConfig(source, sync, monitor, sink, state, preprocess, freshness, fivetran);
    }

    private static Source source(PropertyReader reader) {
        String url = reader.string("tidemark.source.jdbc-url");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("tidemark.source.jdbc-url",
                    "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got '" + JdbcUrls.redact(url) + "'");
        }
        TableSelector selector = TableSelector.of(reader.list("tidemark.source.schemas"),
                "tidemark.source.include-tables", reader.list("tidemark.source.include-tables"),
                "tidemark.source.exclude-tables", reader.list("tidemark.source.exclude-tables"));
        return new Source(url, reader.string("tidemark.source.username"), reader.string("tidemark.source.password"), selector);
    }

    private static Sync sync(PropertyReader reader) {
        long small = reader.nonNegativeLong("tidemark.sync.small-table-rows");
        long large = reader.nonNegativeLong("tidemark.sync.large-table-rows");
        if (large < small) {
            throw new ConfigException("tidemark.sync.large-table-rows",
                    "must be at least tidemark.sync.small-table-rows (" + small + "), got " + large);
        }
        Duration retryDelay = reader.duration("tidemark.sync.retry-delay");
        Duration maxRetryDelay = reader.duration("tidemark.sync.max-retry-delay");
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new ConfigException("tidemark.sync.max-retry-delay", "must be at least tidemark.sync.retry-delay");
        }
        List<String> cursorColumns = reader.list("tidemark.sync.cursor-columns");
        if (cursorColumns.isEmpty()) {
            throw new ConfigException("tidemark.sync.cursor-columns", "must name at least one column");
        }
        return new Sync(reader.cron("tidemark.sync.cron"), small, large,
                reader.nonNegativeInt("tidemark.sync.batch-size"), reader.nonNegativeInt("tidemark.sync.threads"),
                reader.nonNegativeInt("tidemark.sync.queue-size"), reader.nonNegativeInt("tidemark.sync.max-retries"),
                retryDelay, maxRetryDelay, Profile.named(reader.string(Profile.KEY)), cursorColumns,
                reader.duration("tidemark.sync.cursor-lag"), timeZone(reader, "tidemark.sync.timestamp-time-zone"),
                reader.string("tidemark.sync.region"),
                reader.required("tidemark.sync.region-column"), TableFilters.parse(reader.string(TableFilters.KEY)));
    }

    private static Freshness freshness(PropertyReader reader) {
        boolean enabled = reader.bool("tidemark.freshness.enabled");
        MaxAge maxAge = maxAge(reader);
        String query = reader.string("tidemark.freshness.query");
        if (enabled && !maxAge.selected() && query.isBlank()) {
            throw new ConfigException("tidemark.freshness.query", "must be set while tidemark.freshness.enabled is true"
                    + " (or set tidemark.freshness.mode=max-age)");
        }
        return new Freshness(enabled, reader.cron("tidemark.freshness.cron"), query,
                reader.required("tidemark.freshness.status-column"), reader.string("tidemark.freshness.stale-value"),
                reader.percent("tidemark.freshness.threshold-percent"), reader.duration("tidemark.freshness.statement-timeout"),
                maxAge);
    }

    private static Preprocess preprocess(PropertyReader reader) {
        List<PreprocessSql.Statement> statements = PreprocessSql.parse(reader.string(PreprocessSql.KEY));
        List<Pattern> tables = reader.list("tidemark.preprocess.tables").stream()
                .map(glob -> TableSelector.compileGlob("tidemark.preprocess.tables", glob)).toList();
        if (!statements.isEmpty() && tables.isEmpty()) {
            throw new ConfigException("tidemark.preprocess.tables", "must name the tables to preprocess (schema.table globs)");
        }
        return new Preprocess(statements, tables, reader.list("tidemark.fivetran.connection-id"));
    }

    private static State state(PropertyReader reader) {
        String type = reader.oneOf("tidemark.state.type", "file", "jdbc");
        String url = reader.string("tidemark.state.jdbc-url");
        if (type.equals("jdbc") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("tidemark.state.jdbc-url", url.isEmpty() ? "must be set when tidemark.state.type is jdbc"
                    : "must be a PostgreSQL JDBC URL, got '" + JdbcUrls.redact(url) + "'");
        }
        return new State(type, Path.of(reader.required("tidemark.state.directory")), url,
                reader.string("tidemark.state.username"), reader.string("tidemark.state.password"));
    }

    private static String timeZone(PropertyReader reader, String key) {
        String zone = reader.string(key);
        if (!zone.isEmpty()) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new ConfigException(key, "must be a time zone such as UTC or Europe/Berlin, got '" + zone + "'");
            }
        }
        return zone;
    }

    private static Monitor monitor(PropertyReader reader) {
        double memoryHigh = reader.percent("tidemark.monitor.memory-high-percent");
        double memoryCritical = reader.percent("tidemark.monitor.memory-critical-percent");
        if (memoryCritical < memoryHigh) {
            throw new ConfigException("tidemark.monitor.memory-critical-percent", "must be at least memory-high-percent");
        }
        double cpuHigh = reader.percent("tidemark.monitor.cpu-high-percent");
        double cpuCritical = reader.percent("tidemark.monitor.cpu-critical-percent");
        if (cpuCritical < cpuHigh) {
            throw new ConfigException("tidemark.monitor.cpu-critical-percent", "must be at least cpu-high-percent");
        }
        return new Monitor(memoryHigh, memoryCritical, cpuHigh, cpuCritical,
                reader.percent("tidemark.monitor.disk-critical-percent"), reader.percent("tidemark.monitor.hysteresis-percent"),
                reader.duration("tidemark.monitor.interval"));
    }

    private static Sink sink(PropertyReader reader) {
        String type = reader.oneOf("tidemark.sink.type", "file", "jdbc", "endpoint");
        if (!type.equals("file")) {
            throw new ConfigException("tidemark.sink.type", "'" + type + "' is not available in this version yet (supported: file)");
        }
        return new Sink(type, Path.of(reader.required("tidemark.sink.directory")));
    }

    /**
     * Contract properties whose feature is not built yet: their defaults are accepted, anything else is refused
     * rather than silently ignored.
     */
    private static void refuseUnbuiltFeatures(PropertyReader reader) {
        refuseUnless(reader, "tidemark.cluster.enabled", "false");
    }

    private static void refuseUnless(PropertyReader reader, String key, String supported) {
        String value = reader.string(key);
        if (!value.equals(supported)) {
            throw new ConfigException(key, "'" + value + "' is not available in this version yet (only '" + supported + "')");
        }
    }

    private static Fivetran fivetran(PropertyReader reader) {
        URI baseUrl = reader.httpUrl("tidemark.fivetran.base-url");
        String key = reader.string("tidemark.fivetran.api-key");
        String secret = reader.string("tidemark.fivetran.api-secret");
        if (key.isEmpty() != secret.isEmpty()) {
            String missing = key.isEmpty() ? "tidemark.fivetran.api-key" : "tidemark.fivetran.api-secret";
            throw new ConfigException(missing, "must be set together with "
                    + (key.isEmpty() ? "tidemark.fivetran.api-secret" : "tidemark.fivetran.api-key") + " (or leave both empty for dry runs)");
        }
        List<String> connections = reader.list("tidemark.fivetran.connection-id");
        for (String connection : connections) {
            if (!Fivetran.CONNECTION_ID.matcher(connection).matches()) {
                throw new ConfigException("tidemark.fivetran.connection-id", "'" + connection
                        + "' is not a Fivetran connection id (letters, digits, _ and -)");
            }
        }
        Duration pollInterval = reader.duration("tidemark.fivetran.poll-interval");
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException("tidemark.fivetran.poll-interval", "must be at least PT1S, got " + pollInterval);
        }
        int maxRetries = reader.nonNegativeInt("tidemark.fivetran.max-retries");
        if (maxRetries > 20) {
            throw new ConfigException("tidemark.fivetran.max-retries", "must be at most 20, got " + maxRetries);
        }
        return new Fivetran(baseUrl, key, secret, connections, reader.bool("tidemark.fivetran.force"),
                reader.bool("tidemark.fivetran.unpause"), reader.duration("tidemark.fivetran.cooldown"),
                reader.bool("tidemark.fivetran.wait-for-completion"), pollInterval,
                positive(reader, "tidemark.fivetran.wait-timeout"), maxRetries,
                positive(reader, "tidemark.fivetran.retry-delay"), positive(reader, "tidemark.fivetran.max-retry-delay"),
                positive(reader, "tidemark.fivetran.connect-timeout"), positive(reader, "tidemark.fivetran.response-timeout"));
    }

    private static Duration positive(PropertyReader reader, String key) {
        Duration value = reader.duration(key);
        if (value.isZero()) {
            throw new ConfigException(key, "must be longer than zero");
        }
        return value;
    }
}
