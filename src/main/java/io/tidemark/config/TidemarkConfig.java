package io.tidemark.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tidemark's validated configuration. {@link LayeredProperties} checks every setting on its own when loading;
 * {@link #from(LayeredProperties)} adds the checks between settings, before anything starts, so that a bad value
 * ends the run with one line naming it and nothing written.
 */
public record TidemarkConfig(Source source, Sync sync, Monitor monitor, Sink sink, State state, Preprocess preprocess,
                             Freshness freshness, Fivetran fivetran, Cluster cluster) {

    /**
     * Nodes sharing the schedules and the tables ({@code tidemark.cluster.*}): Quartz's clustered job store and the
     * claim table on the control database, which is the jdbc checkpoint store's, so that a node taking over resumes a
     * table from the same checkpoint.
     *
     * @param nodeName this node's name in claims and records (the configured one, else host name and process id)
     */
    public record Cluster(boolean enabled, String jdbcUrl, String username, String password, String nodeName,
                          Duration heartbeatInterval, Duration claimTimeout) {
        @Override
        public String toString() {
            return "Cluster[" + enabled + ", " + JdbcUrls.redact(jdbcUrl) + ", " + nodeName + "]";
        }
    }

    /**
     * Statements run before each cycle's extraction for the tables matching {@code tables}, with
     * {@code connectionIds} (from {@code tidemark.fivetran.connection-id}) bound to {@code :connection_ids}.
     */
    public record Preprocess(List<PreprocessSql.Statement> statements, List<Pattern> tables,
                             List<String> connectionIds) {
    }

    /** Where checkpoints live: files under {@code directory}, or a control database ({@code type} jdbc). */
    public record State(StateType type, Path directory, String jdbcUrl, String username, String password) {
        @Override
        public String toString() {
            return "State[" + type + ", " + directory + ", " + JdbcUrls.redact(jdbcUrl) + "]";
        }
    }

    /**
     * Whether the jdbc checkpoint store is the jdbc sink's destination database, as the same user: a batch and its
     * checkpoint can then commit in one transaction.
     */
    public boolean checkpointsInDestination() {
        return sink.type() == SinkType.JDBC && state.type() == StateType.JDBC
                && JdbcUrls.sameDatabase(sink.jdbc().jdbcUrl(), state.jdbcUrl())
                && sink.jdbc().username().equals(state.username());
    }

    /** The folder for checkpoint files and full-refresh key logs (used by both store types). */
    public Path stateDirectory() {
        return state.directory();
    }

    /** The source database; an empty JDBC URL selects the embedded demo database. */
    /**
     * Limits on Tidemark's own sessions on the source, so its reads never hold back the source's work: a statement
     * that runs too long is cancelled, and a read does not wait in a lock queue (where it would also hold back
     * everything queued after it). Zero means no limit.
     */
    public record SessionLimits(Duration statementTimeout, Duration lockTimeout) {
        /** The limits as PostgreSQL startup options ({@code -c name=value}, milliseconds). */
        public String startupOptions() {
            return "-c statement_timeout=" + statementTimeout.toMillis() + " -c lock_timeout=" + lockTimeout.toMillis();
        }
    }

    public record Source(String jdbcUrl, String username, String password, TableSelector selector, SessionLimits limits) {
        public boolean embedded() {
            return jdbcUrl.isEmpty();
        }

        public Source withConnection(String url, String user, String pass) {
            return new Source(url, user, pass, selector, limits);
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

    /**
     * Where records go: files under {@code directory}, the Camel endpoint {@code endpoint}, or the PostgreSQL
     * destination {@code jdbc}. With {@code flattenJson}, JSON objects are written as {@code parent_child} fields.
     */
    public record Sink(SinkType type, Path directory, Endpoint endpoint, boolean flattenJson, JdbcDestination jdbc) {
    }

    /** The PostgreSQL destination of the {@code jdbc} sink: tables in {@code schema}. */
    public record JdbcDestination(String jdbcUrl, String username, String password, String schema) {
        @Override
        public String toString() {
            return "JdbcDestination[" + JdbcUrls.redact(jdbcUrl) + ", user=" + username + ", schema=" + schema + "]";
        }
    }

    /**
     * The endpoint sink's Camel endpoint {@code uri} (secret: it may carry credentials) and the caps of one message
     * (0 = none).
     */
    public record Endpoint(String uri, int maxRecords, long maxBytes) {
        /** What a Camel endpoint URI starts with: its component's name and a colon. */
        private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

        /** The component's name: the URI's scheme. */
        public String scheme() {
            return uri.substring(0, uri.indexOf(':'));
        }

        @Override
        public String toString() {
            return "Endpoint[" + (uri.isEmpty() ? "none" : scheme() + ":****") + ", maxRecords=" + maxRecords
                    + ", maxBytes=" + maxBytes + "]";
        }
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
    public record MaxAge(FreshnessMode mode, MaxAgeTables tables) {
        /** Whether the freshness check judges the age of each table's newest row instead of the query's ratio. */
        public boolean selected() {
            return mode == FreshnessMode.MAX_AGE;
        }
    }

    public static TidemarkConfig from(LayeredProperties properties) {
        Source source = source(properties);
        Sync sync = sync(properties);
        Monitor monitor = monitor(properties);
        Sink sink = sink(properties);
        State state = state(properties);
        Preprocess preprocess = preprocess(properties);
        Freshness freshness = freshness(properties);
        Fivetran fivetran = fivetran(properties);
        return new TidemarkConfig(source, sync, monitor, sink, state, preprocess, freshness, fivetran, cluster(properties, state));
    }

    /** The max-age settings of already loaded properties (validated as {@link #from} validates them). */
    public static MaxAge maxAge(LayeredProperties properties) {
        FreshnessMode mode = properties.value(Settings.FRESHNESS_MODE);
        MaxAgeTables tables = properties.value(Settings.FRESHNESS_MAX_AGE);
        if (mode == FreshnessMode.MAX_AGE && tables.isEmpty()) {
            throw new ConfigException(MaxAgeTables.KEY, "must name at least one schema.table glob while"
                    + " tidemark.freshness.mode is max-age, e.g. {\"public.orders\": {\"error-after\": \"PT6H\"}}");
        }
        return new MaxAge(mode, tables);
    }

    private static Source source(LayeredProperties properties) {
        TableSelector selector = TableSelector.of(properties.value(Settings.SOURCE_SCHEMAS),
                Settings.SOURCE_INCLUDE_TABLES.key(), properties.value(Settings.SOURCE_INCLUDE_TABLES),
                Settings.SOURCE_EXCLUDE_TABLES.key(), properties.value(Settings.SOURCE_EXCLUDE_TABLES));
        return new Source(properties.value(Settings.SOURCE_JDBC_URL), properties.value(Settings.SOURCE_USERNAME),
                properties.value(Settings.SOURCE_PASSWORD), selector, new SessionLimits(
                properties.value(Settings.SOURCE_STATEMENT_TIMEOUT), properties.value(Settings.SOURCE_LOCK_TIMEOUT)));
    }

    private static Sync sync(LayeredProperties properties) {
        long small = properties.value(Settings.SYNC_SMALL_TABLE_ROWS);
        long large = properties.value(Settings.SYNC_LARGE_TABLE_ROWS);
        if (large < small) {
            throw new ConfigException(Settings.SYNC_LARGE_TABLE_ROWS.key(),
                    "must be at least tidemark.sync.small-table-rows (" + small + "), got " + large);
        }
        Duration retryDelay = properties.value(Settings.SYNC_RETRY_DELAY);
        Duration maxRetryDelay = properties.value(Settings.SYNC_MAX_RETRY_DELAY);
        if (maxRetryDelay.compareTo(retryDelay) < 0) {
            throw new ConfigException(Settings.SYNC_MAX_RETRY_DELAY.key(), "must be at least tidemark.sync.retry-delay");
        }
        return new Sync(properties.value(Settings.SYNC_CRON), small, large, properties.value(Settings.SYNC_BATCH_SIZE),
                properties.value(Settings.SYNC_THREADS), properties.value(Settings.SYNC_QUEUE_SIZE),
                properties.value(Settings.SYNC_MAX_RETRIES), retryDelay, maxRetryDelay, properties.value(Settings.PROFILE),
                properties.value(Settings.SYNC_CURSOR_COLUMNS), properties.value(Settings.SYNC_CURSOR_LAG),
                properties.value(Settings.SYNC_TIMESTAMP_TIME_ZONE), properties.value(Settings.SYNC_REGION),
                properties.value(Settings.SYNC_REGION_COLUMN), properties.value(Settings.SYNC_TABLE_FILTERS));
    }

    private static Freshness freshness(LayeredProperties properties) {
        boolean enabled = properties.value(Settings.FRESHNESS_ENABLED);
        MaxAge maxAge = maxAge(properties);
        String query = properties.value(Settings.FRESHNESS_QUERY);
        if (enabled && !maxAge.selected() && query.isBlank()) {
            throw new ConfigException(Settings.FRESHNESS_QUERY.key(), "must be set while tidemark.freshness.enabled is true"
                    + " (or set tidemark.freshness.mode=max-age)");
        }
        return new Freshness(enabled, properties.value(Settings.FRESHNESS_CRON), query,
                properties.value(Settings.FRESHNESS_STATUS_COLUMN), properties.value(Settings.FRESHNESS_STALE_VALUE),
                properties.value(Settings.FRESHNESS_THRESHOLD), properties.value(Settings.FRESHNESS_STATEMENT_TIMEOUT), maxAge);
    }

    private static Preprocess preprocess(LayeredProperties properties) {
        List<PreprocessSql.Statement> statements = properties.value(Settings.PREPROCESS_SQL);
        List<Pattern> tables = properties.value(Settings.PREPROCESS_TABLES);
        if (!statements.isEmpty() && tables.isEmpty()) {
            throw new ConfigException(Settings.PREPROCESS_TABLES.key(), "must name the tables to preprocess (schema.table globs)");
        }
        return new Preprocess(statements, tables, properties.value(Settings.FIVETRAN_CONNECTION_ID));
    }

    private static State state(LayeredProperties properties) {
        StateType type = properties.value(Settings.STATE_TYPE);
        String url = properties.value(Settings.STATE_JDBC_URL);
        if (type == StateType.JDBC && url.isEmpty()) {
            throw new ConfigException(Settings.STATE_JDBC_URL.key(), "must be set when tidemark.state.type is jdbc");
        }
        return new State(type, Path.of(properties.value(Settings.STATE_DIRECTORY)), url,
                properties.value(Settings.STATE_USERNAME), properties.value(Settings.STATE_PASSWORD));
    }

    private static Monitor monitor(LayeredProperties properties) {
        double memoryHigh = properties.value(Settings.MONITOR_MEMORY_HIGH);
        double memoryCritical = properties.value(Settings.MONITOR_MEMORY_CRITICAL);
        if (memoryCritical < memoryHigh) {
            throw new ConfigException(Settings.MONITOR_MEMORY_CRITICAL.key(), "must be at least memory-high-percent");
        }
        double cpuHigh = properties.value(Settings.MONITOR_CPU_HIGH);
        double cpuCritical = properties.value(Settings.MONITOR_CPU_CRITICAL);
        if (cpuCritical < cpuHigh) {
            throw new ConfigException(Settings.MONITOR_CPU_CRITICAL.key(), "must be at least cpu-high-percent");
        }
        return new Monitor(memoryHigh, memoryCritical, cpuHigh, cpuCritical, properties.value(Settings.MONITOR_DISK_CRITICAL),
                properties.value(Settings.MONITOR_HYSTERESIS), properties.value(Settings.MONITOR_INTERVAL));
    }

    private static Sink sink(LayeredProperties properties) {
        SinkType type = properties.value(Settings.SINK_TYPE);
        Endpoint endpoint = new Endpoint(properties.value(Settings.SINK_URI).strip(),
                properties.value(Settings.SINK_MAX_RECORDS), properties.value(Settings.SINK_MAX_BYTES));
        if (type == SinkType.ENDPOINT) {
            checkEndpoint(endpoint);
        } else {
            // caps that would silently do nothing are refused, like any setting of a sink not chosen
            refuseOtherSinksSetting(Settings.SINK_MAX_RECORDS, endpoint.maxRecords() != 0, type);
            refuseOtherSinksSetting(Settings.SINK_MAX_BYTES, endpoint.maxBytes() != 0, type);
        }
        boolean flattenJson = properties.value(Settings.SINK_FLATTEN_JSON);
        if (flattenJson && type != SinkType.FILE && type != SinkType.ENDPOINT) {
            throw new ConfigException(Settings.SINK_FLATTEN_JSON.key(), "applies to the file and endpoint sinks only, not to "
                    + Settings.SINK_TYPE.key() + "=" + type.label());
        }
        JdbcDestination jdbc = new JdbcDestination(properties.value(Settings.SINK_JDBC_URL),
                properties.value(Settings.SINK_USERNAME), properties.value(Settings.SINK_PASSWORD),
                properties.value(Settings.SINK_SCHEMA));
        if (type == SinkType.JDBC && jdbc.jdbcUrl().isEmpty()) {
            throw new ConfigException(Settings.SINK_JDBC_URL.key(), "must be set when tidemark.sink.type is jdbc");
        }
        return new Sink(type, Path.of(properties.value(Settings.SINK_DIRECTORY)), endpoint, flattenJson, jdbc);
    }

    private static void checkEndpoint(Endpoint endpoint) {
        String key = Settings.SINK_URI.key();
        if (endpoint.uri().isEmpty()) {
            throw new ConfigException(key, "must be set when " + Settings.SINK_TYPE.key() + " is endpoint");
        }
        // the URI itself may hold credentials: messages name its component only
        if (!Endpoint.SCHEME.matcher(endpoint.uri()).matches()) {
            throw new ConfigException(key, "is not a Camel endpoint URI (component:path?options, e.g. seda:records)");
        }
        if (!CamelComponents.onClasspath(endpoint.scheme())) {
            throw new ConfigException(key, "no Camel component '" + endpoint.scheme() + "' on the classpath (see *Destinations*"
                    + " in the README to add one)");
        }
    }

    private static void refuseOtherSinksSetting(Setting<?> setting, boolean set, SinkType type) {
        if (set) {
            throw new ConfigException(setting.key(), "applies to the endpoint sink only, not to "
                    + Settings.SINK_TYPE.key() + "=" + type.label());
        }
    }

    /** A cluster needs its control database, and the checkpoints there: every node resumes from them. */
    private static Cluster cluster(LayeredProperties properties, State state) {
        boolean enabled = properties.value(Settings.CLUSTER_ENABLED);
        String url = properties.value(Settings.CLUSTER_JDBC_URL);
        if (enabled && url.isEmpty()) {
            throw new ConfigException(Settings.CLUSTER_JDBC_URL.key(), "must be set when tidemark.cluster.enabled is true");
        }
        if (enabled && (state.type() != StateType.JDBC || !JdbcUrls.sameDatabase(url, state.jdbcUrl()))) {
            throw new ConfigException(Settings.STATE_TYPE.key(), "must be jdbc on the cluster's control database"
                    + " (tidemark.state.jdbc-url the database of tidemark.cluster.jdbc-url) when tidemark.cluster.enabled is"
                    + " true: a node taking over resumes the tables from the same checkpoints");
        }
        Duration heartbeat = properties.value(Settings.CLUSTER_HEARTBEAT_INTERVAL);
        Duration claimTimeout = properties.value(Settings.CLUSTER_CLAIM_TIMEOUT);
        if (claimTimeout.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new ConfigException(Settings.CLUSTER_CLAIM_TIMEOUT.key(), "must be at least three times "
                    + Settings.CLUSTER_HEARTBEAT_INTERVAL.key() + " (" + heartbeat + "): a live node's claim would expire"
                    + " between two heartbeats");
        }
        String nodeName = properties.value(Settings.CLUSTER_NODE_NAME);
        return new Cluster(enabled, url, properties.value(Settings.CLUSTER_USERNAME), properties.value(Settings.CLUSTER_PASSWORD),
                nodeName.isEmpty() ? defaultNodeName() : nodeName, heartbeat, claimTimeout);
    }

    /** The host's name and the process id: unique among the nodes (a restarted node is a new one), readable in records. */
    private static String defaultNodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static Fivetran fivetran(LayeredProperties properties) {
        String key = properties.value(Settings.FIVETRAN_API_KEY);
        String secret = properties.value(Settings.FIVETRAN_API_SECRET);
        if (key.isEmpty() != secret.isEmpty()) {
            Setting<String> missing = key.isEmpty() ? Settings.FIVETRAN_API_KEY : Settings.FIVETRAN_API_SECRET;
            Setting<String> set = key.isEmpty() ? Settings.FIVETRAN_API_SECRET : Settings.FIVETRAN_API_KEY;
            throw new ConfigException(missing.key(), "must be set together with " + set.key()
                    + " (or leave both empty for dry runs)");
        }
        return new Fivetran(properties.value(Settings.FIVETRAN_BASE_URL), key, secret,
                properties.value(Settings.FIVETRAN_CONNECTION_ID), properties.value(Settings.FIVETRAN_FORCE),
                properties.value(Settings.FIVETRAN_UNPAUSE), properties.value(Settings.FIVETRAN_COOLDOWN),
                properties.value(Settings.FIVETRAN_WAIT), properties.value(Settings.FIVETRAN_POLL_INTERVAL),
                properties.value(Settings.FIVETRAN_WAIT_TIMEOUT), properties.value(Settings.FIVETRAN_MAX_RETRIES),
                properties.value(Settings.FIVETRAN_RETRY_DELAY), properties.value(Settings.FIVETRAN_MAX_RETRY_DELAY),
                properties.value(Settings.FIVETRAN_CONNECT_TIMEOUT), properties.value(Settings.FIVETRAN_RESPONSE_TIMEOUT));
    }
}
