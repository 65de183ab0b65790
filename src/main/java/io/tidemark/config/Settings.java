package io.tidemark.config;

import static io.tidemark.config.ValueTypes.bool;
import static io.tidemark.config.ValueTypes.connectionIds;
import static io.tidemark.config.ValueTypes.cron;
import static io.tidemark.config.ValueTypes.duration;
import static io.tidemark.config.ValueTypes.durationAtLeast;
import static io.tidemark.config.ValueTypes.globs;
import static io.tidemark.config.ValueTypes.httpUrl;
import static io.tidemark.config.ValueTypes.intAtMost;
import static io.tidemark.config.ValueTypes.list;
import static io.tidemark.config.ValueTypes.nameOrEmpty;
import static io.tidemark.config.ValueTypes.nonEmptyList;
import static io.tidemark.config.ValueTypes.nonNegativeInt;
import static io.tidemark.config.ValueTypes.nonNegativeLong;
import static io.tidemark.config.ValueTypes.oneOf;
import static io.tidemark.config.ValueTypes.parsedBy;
import static io.tidemark.config.ValueTypes.percent;
import static io.tidemark.config.ValueTypes.positiveDuration;
import static io.tidemark.config.ValueTypes.postgresUrlOrEmpty;
import static io.tidemark.config.ValueTypes.required;
import static io.tidemark.config.ValueTypes.text;
import static io.tidemark.config.ValueTypes.timeZoneOrEmpty;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every {@code tidemark.*} setting, declared once: key, type and check, default, description, secrecy.
 * {@code config/application.properties} and the README's configuration table are checked against these
 * declarations by {@code SettingsDocumentationTest}; any other {@code tidemark.*} key is a typo and refused.
 */
public final class Settings {
    /** Keys under this prefix are derived by Tidemark for its routes; no source may set them. */
    public static final String DERIVED_PREFIX = "tidemark.effective.";

    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    private Settings() {
    }

    // --- Source ---------------------------------------------------------------------------------------------
    public static final Setting<String> SOURCE_JDBC_URL = secret("tidemark.source.jdbc-url", postgresUrlOrEmpty(), "",
            "source PostgreSQL JDBC URL (`jdbc:postgresql://host:port/db`); empty: the embedded demo database");
    public static final Setting<String> SOURCE_USERNAME = define("tidemark.source.username", text(), "",
            "source user");
    public static final Setting<String> SOURCE_PASSWORD = secret("tidemark.source.password", text(), "",
            "source password");
    public static final Setting<List<String>> SOURCE_SCHEMAS = define("tidemark.source.schemas", list(), "",
            "comma list of schemas; empty: every non-system schema");
    public static final Setting<List<String>> SOURCE_INCLUDE_TABLES = define("tidemark.source.include-tables", list(), "",
            "comma list of globs on `schema.table` (`*`, `?`, case-sensitive); empty: every table");
    public static final Setting<List<String>> SOURCE_EXCLUDE_TABLES = define("tidemark.source.exclude-tables", list(), "",
            "comma list of globs on `schema.table`; exclude wins over include");
    public static final Setting<Duration> SOURCE_STATEMENT_TIMEOUT = define("tidemark.source.statement-timeout", duration(),
            "PT15M", "each statement Tidemark runs on the source (a page fetch, discovery's counts) is cancelled after this; PT0S: no limit");
    public static final Setting<Duration> SOURCE_LOCK_TIMEOUT = define("tidemark.source.lock-timeout", duration(), "PT5S",
            "a read waiting longer for a table lock (queued behind a migration's ALTER TABLE) gives up, backs off and retries the page; PT0S: wait");

    // --- Sync cycle -----------------------------------------------------------------------------------------
    public static final Setting<String> SYNC_CRON = define("tidemark.sync.cron", cron(), "0 0/15 * * * ?",
            "Quartz cron of the sync cycle");
    public static final Setting<Long> SYNC_SMALL_TABLE_ROWS = define("tidemark.sync.small-table-rows", nonNegativeLong(),
            "1000000", "tables with fewer estimated rows are small");
    public static final Setting<Long> SYNC_LARGE_TABLE_ROWS = define("tidemark.sync.large-table-rows", nonNegativeLong(),
            "50000000", "tables with at least this many estimated rows are large (the rest medium)");
    public static final Setting<Integer> SYNC_BATCH_SIZE = define("tidemark.sync.batch-size", nonNegativeInt(), "0",
            "rows per batch; 0 = adaptive (base 5000 / 2500 / 1000)");
    public static final Setting<Integer> SYNC_THREADS = define("tidemark.sync.threads", nonNegativeInt(), "0",
            "tables read at once per category; 0 = adaptive (base 4 / 2 / 1)");
    public static final Setting<Integer> SYNC_QUEUE_SIZE = define("tidemark.sync.queue-size", nonNegativeInt(), "0",
            "tables waiting per category queue; 0 = 10000 / 5000 / 1000");
    public static final Setting<Integer> SYNC_MAX_RETRIES = define("tidemark.sync.max-retries", nonNegativeInt(), "4",
            "retries of a batch after a transient failure (5 attempts in all)");
    public static final Setting<Duration> SYNC_RETRY_DELAY = define("tidemark.sync.retry-delay", duration(), "PT5S",
            "first retry delay, doubled with jitter");
    public static final Setting<Duration> SYNC_MAX_RETRY_DELAY = define("tidemark.sync.max-retry-delay", duration(), "PT5M",
            "longest retry delay");
    public static final Setting<List<String>> SYNC_CURSOR_COLUMNS = define("tidemark.sync.cursor-columns",
            nonEmptyList("column"), "updated_at,modified_at,last_modified,updated,modified,last_updated,update_date,modified_date",
            "incremental cursor names, in order of preference, exact");
    public static final Setting<Duration> SYNC_CURSOR_LAG = define("tidemark.sync.cursor-lag", duration(), "PT5S",
            "a cycle reads cursors up to the database's `now()` minus this");
    public static final Setting<String> SYNC_TIMESTAMP_TIME_ZONE = define("tidemark.sync.timestamp-time-zone",
            timeZoneOrEmpty(), "", "zone of `timestamp`/`date` cursor values; empty: Tidemark's zone");
    public static final Setting<String> SYNC_REGION = define("tidemark.sync.region", text(), "",
            "keep only rows of this region, in tables with the region column; empty: all rows");
    public static final Setting<String> SYNC_REGION_COLUMN = define("tidemark.sync.region-column", required(), "region",
            "the region column");
    public static final Setting<TableFilters> SYNC_TABLE_FILTERS = define(TableFilters.KEY, parsedBy(TableFilters::parse),
            "{}", "per-table `where`, `columns`, `cursor` (see *Incremental sync*)");
    public static final Setting<Profile> PROFILE = define(Profile.KEY, parsedBy(Profile::named), "",
            "`dev`, `prod` or `high-volume` presets (see *Resource policy*)");

    // --- Preprocessing --------------------------------------------------------------------------------------
    public static final Setting<List<PreprocessSql.Statement>> PREPROCESS_SQL = define(PreprocessSql.KEY,
            parsedBy(PreprocessSql::parse), "", "statements run before extraction per matching table (see *Incremental sync*)");
    public static final Setting<List<Pattern>> PREPROCESS_TABLES = define("tidemark.preprocess.tables", globs(), "",
            "comma list of `schema.table` globs the statements run for");

    // --- Resource monitor -----------------------------------------------------------------------------------
    public static final Setting<Double> MONITOR_MEMORY_HIGH = define("tidemark.monitor.memory-high-percent", percent(), "80",
            "above this memory use: batch × 0.75");
    public static final Setting<Double> MONITOR_MEMORY_CRITICAL = define("tidemark.monitor.memory-critical-percent",
            percent(), "90", "above this memory use: batch ÷ 2");
    public static final Setting<Double> MONITOR_CPU_HIGH = define("tidemark.monitor.cpu-high-percent", percent(), "85",
            "above this CPU use: threads ÷ 2");
    public static final Setting<Double> MONITOR_CPU_CRITICAL = define("tidemark.monitor.cpu-critical-percent", percent(),
            "95", "above this CPU use: 1 thread");
    public static final Setting<Double> MONITOR_DISK_CRITICAL = define("tidemark.monitor.disk-critical-percent", percent(),
            "95", "pause writing above this use of the sink's or state's file store");
    public static final Setting<Double> MONITOR_HYSTERESIS = define("tidemark.monitor.hysteresis-percent", percent(), "5",
            "points below a threshold before its level is left");
    public static final Setting<Duration> MONITOR_INTERVAL = define("tidemark.monitor.interval", duration(), "PT1S",
            "minimum time between two samples of the machine");

    // --- Destination ----------------------------------------------------------------------------------------
    public static final Setting<SinkType> SINK_TYPE = define("tidemark.sink.type", oneOf(SinkType.class), "file",
            "`file` (JSONL), `endpoint` (any Camel endpoint) or `jdbc` (PostgreSQL tables); see *Destinations*");
    public static final Setting<String> SINK_DIRECTORY = define("tidemark.sink.directory", required(), "data/out",
            "file sink root");
    public static final Setting<String> SINK_JDBC_URL = secret("tidemark.sink.jdbc-url", postgresUrlOrEmpty(), "",
            "jdbc sink: the destination PostgreSQL database");
    public static final Setting<String> SINK_USERNAME = define("tidemark.sink.username", text(), "",
            "jdbc sink user");
    public static final Setting<String> SINK_PASSWORD = secret("tidemark.sink.password", text(), "",
            "jdbc sink password");
    public static final Setting<String> SINK_SCHEMA = define("tidemark.sink.schema", required(), "public",
            "jdbc sink: the schema of the destination tables, created when missing");
    public static final Setting<String> SINK_URI = secret("tidemark.sink.uri", text(), "",
            "endpoint sink: any Camel endpoint URI (required then; may hold credentials: never logged)");
    public static final Setting<Integer> SINK_MAX_RECORDS = define("tidemark.sink.max-records", nonNegativeInt(), "0",
            "endpoint sink: most records in one message; 0 = no cap");
    public static final Setting<Long> SINK_MAX_BYTES = define("tidemark.sink.max-bytes", nonNegativeLong(), "0",
            "endpoint sink: most bytes in one message body; 0 = no cap (a larger single record goes alone)");
    public static final Setting<Boolean> SINK_FLATTEN_JSON = define("tidemark.sink.flatten-json", bool(), "false",
            "file and endpoint sinks: JSON objects as `parent_child` fields (see *Destinations*)");

    // --- Checkpoint state -----------------------------------------------------------------------------------
    public static final Setting<StateType> STATE_TYPE = define("tidemark.state.type", oneOf(StateType.class), "file",
            "`file`, or `jdbc`: checkpoints in `tidemark_state` of a control database");
    public static final Setting<String> STATE_DIRECTORY = define("tidemark.state.directory", required(), "data/state",
            "checkpoint files (`tables/`) and full-refresh key logs (`keys/`, with either type)");
    public static final Setting<String> STATE_JDBC_URL = secret("tidemark.state.jdbc-url", postgresUrlOrEmpty(), "",
            "the control database of the `jdbc` store");
    public static final Setting<String> STATE_USERNAME = define("tidemark.state.username", text(), "",
            "control database user");
    public static final Setting<String> STATE_PASSWORD = secret("tidemark.state.password", text(), "",
            "control database password");

    // --- Freshness check ------------------------------------------------------------------------------------
    public static final Setting<Boolean> FRESHNESS_ENABLED = define("tidemark.freshness.enabled", bool(), "true",
            "run the freshness check");
    public static final Setting<String> FRESHNESS_CRON = define("tidemark.freshness.cron", cron(), "0 0/5 * * * ?",
            "Quartz cron of the freshness check");
    public static final Setting<String> FRESHNESS_QUERY = define("tidemark.freshness.query", text(),
            TidemarkConfig.Freshness.DEMO_QUERY, "one row per entity, with a status column; default: the demo's query on `customer_data`");
    public static final Setting<String> FRESHNESS_STATUS_COLUMN = define("tidemark.freshness.status-column", required(),
            "freshness_status", "the query's status column");
    public static final Setting<String> FRESHNESS_STALE_VALUE = define("tidemark.freshness.stale-value", text(),
            "Stale data", "the status that counts as stale");
    public static final Setting<Double> FRESHNESS_THRESHOLD = define("tidemark.freshness.threshold-percent", percent(), "10",
            "a sync is needed when the stale share is strictly above");
    public static final Setting<Duration> FRESHNESS_STATEMENT_TIMEOUT = define("tidemark.freshness.statement-timeout",
            duration(), "PT30S", "the freshness query (or each max-age read) is cancelled after this");
    public static final Setting<FreshnessMode> FRESHNESS_MODE = define("tidemark.freshness.mode", oneOf(FreshnessMode.class),
            "ratio", "`ratio`, or `max-age`: judge each table's newest row (see *Max-age mode*)");
    public static final Setting<MaxAgeTables> FRESHNESS_MAX_AGE = define(MaxAgeTables.KEY, parsedBy(MaxAgeTables::parse),
            "{}", "max-age mode: limits per `schema.table` glob (see *Max-age mode*)");

    // --- Fivetran -------------------------------------------------------------------------------------------
    public static final Setting<URI> FIVETRAN_BASE_URL = define("tidemark.fivetran.base-url", httpUrl(),
            "https://api.fivetran.com", "the API (any server playing it, for tests)");
    public static final Setting<String> FIVETRAN_API_KEY = secret("tidemark.fivetran.api-key", text(), "",
            "Fivetran API key; empty: dry runs. Set it through the environment");
    public static final Setting<String> FIVETRAN_API_SECRET = secret("tidemark.fivetran.api-secret", text(), "",
            "Fivetran API secret; set it through the environment");
    public static final Setting<List<String>> FIVETRAN_CONNECTION_ID = define("tidemark.fivetran.connection-id",
            connectionIds(), "", "comma list; one `sync_events` record per connection (also `:connection_ids`)");
    public static final Setting<Boolean> FIVETRAN_FORCE = define("tidemark.fivetran.force", bool(), "false",
            "restart a running sync instead of adopting it");
    public static final Setting<Boolean> FIVETRAN_UNPAUSE = define("tidemark.fivetran.unpause", bool(), "true",
            "unpause a paused connection before triggering");
    public static final Setting<Duration> FIVETRAN_COOLDOWN = define("tidemark.fivetran.cooldown", duration(), "PT30M",
            "no second trigger of one connection within this");
    public static final Setting<Boolean> FIVETRAN_WAIT = define("tidemark.fivetran.wait-for-completion", bool(), "false",
            "wait for the triggered sync's end");
    public static final Setting<Duration> FIVETRAN_POLL_INTERVAL = define("tidemark.fivetran.poll-interval",
            durationAtLeast(Duration.ofSeconds(1)), "PT15S", "time between two status polls while waiting");
    public static final Setting<Duration> FIVETRAN_WAIT_TIMEOUT = define("tidemark.fivetran.wait-timeout",
            positiveDuration(), "PT1H", "longest wait for a sync's end");
    public static final Setting<Integer> FIVETRAN_MAX_RETRIES = define("tidemark.fivetran.max-retries", intAtMost(20), "4",
            "retries of a failed call (5xx, I/O error, 429)");
    public static final Setting<Duration> FIVETRAN_RETRY_DELAY = define("tidemark.fivetran.retry-delay", positiveDuration(),
            "PT2S", "first retry delay, doubled with jitter");
    public static final Setting<Duration> FIVETRAN_MAX_RETRY_DELAY = define("tidemark.fivetran.max-retry-delay",
            positiveDuration(), "PT2M", "longest retry delay and longest `Retry-After` waited");
    public static final Setting<Duration> FIVETRAN_CONNECT_TIMEOUT = define("tidemark.fivetran.connect-timeout",
            positiveDuration(), "PT10S", "per call");
    public static final Setting<Duration> FIVETRAN_RESPONSE_TIMEOUT = define("tidemark.fivetran.response-timeout",
            positiveDuration(), "PT30S", "per call");

    // --- Cluster --------------------------------------------------------------------------------------------
    public static final Setting<Boolean> CLUSTER_ENABLED = define("tidemark.cluster.enabled", bool(), "false",
            "`true`: the nodes on the control database share the schedules and the tables of each cycle: each firing runs"
            + " on one node, every node claims tables, another takes over when one dies (see *Scale-out*)");
    public static final Setting<String> CLUSTER_JDBC_URL = secret("tidemark.cluster.jdbc-url", postgresUrlOrEmpty(), "",
            "control database of the cluster: the jdbc checkpoint store's database (tidemark.state.jdbc-url)");
    public static final Setting<String> CLUSTER_USERNAME = define("tidemark.cluster.username", text(), "",
            "cluster control database user");
    public static final Setting<String> CLUSTER_PASSWORD = secret("tidemark.cluster.password", text(), "",
            "cluster control database password");
    public static final Setting<String> CLUSTER_NODE_NAME = define("tidemark.cluster.node-name", nameOrEmpty(), "",
            "this node's name in claims, `sync_runs` and the cycle report; empty: host name and process id");
    public static final Setting<Duration> CLUSTER_HEARTBEAT_INTERVAL = define("tidemark.cluster.heartbeat-interval",
            positiveDuration(), "PT2S", "how often a node renews its claims and claims the tables it has room for");
    public static final Setting<Duration> CLUSTER_CLAIM_TIMEOUT = define("tidemark.cluster.claim-timeout",
            positiveDuration(), "PT30S", "a claim not renewed for this long is taken over by another node, from the"
            + " table's checkpoint; at least three heartbeat intervals");

    // --- Logs -----------------------------------------------------------------------------------------------
    public static final Setting<LogFormat> LOG_FORMAT = define("tidemark.log.format", oneOf(LogFormat.class), "text",
            "`text` (readable lines) or `json` (one object per line: time, level, logger, thread, message, run_id, table,"
            + " error_class, error); on Camel Main");

    private static final List<Setting<?>> ALL = Collections.unmodifiableList(DECLARED);
    private static final Map<String, Setting<?>> BY_KEY = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    /** Every setting, in the order of {@code config/application.properties}. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    /** The setting of {@code key}, or null when Tidemark has none of that name. */
    public static Setting<?> named(String key) {
        return BY_KEY.get(key);
    }

    /** Keys of the settings that hold, or may hold, a secret (a JDBC URL may carry a password). */
    public static List<String> secretKeys() {
        return ALL.stream().filter(Setting::secret).map(Setting::key).toList();
    }

    /** Whether {@code key} is one Tidemark derives itself (see {@link #DERIVED_PREFIX}). */
    public static boolean derived(String key) {
        return key.toLowerCase(Locale.ROOT).startsWith(DERIVED_PREFIX);
    }

    private static <T> Setting<T> define(String key, ValueType<T> type, String defaultValue, String doc) {
        return declare(new Setting<>(key, type, defaultValue, doc, false));
    }

    private static <T> Setting<T> secret(String key, ValueType<T> type, String defaultValue, String doc) {
        return declare(new Setting<>(key, type, defaultValue, doc, true));
    }

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }
}
