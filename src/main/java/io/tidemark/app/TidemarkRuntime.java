package io.tidemark.app;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.MaxAgeTables;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.TableDiscovery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.extract.CursorBounds;
import io.tidemark.fivetran.FivetranAuth;
import io.tidemark.fivetran.FivetranCalls;
import io.tidemark.fivetran.FivetranEndpoint;
import io.tidemark.fivetran.FivetranRetries;
import io.tidemark.fivetran.FivetranTrigger;
import io.tidemark.freshness.FreshnessCheck;
import io.tidemark.freshness.FreshnessRule;
import io.tidemark.freshness.MaxAgeRule;
import io.tidemark.freshness.RatioRule;
import io.tidemark.freshness.FreshnessQuery;
import io.tidemark.freshness.FreshnessReport;
import io.tidemark.extract.CursorDetector;
import io.tidemark.monitor.AdaptivePolicy;
import io.tidemark.monitor.BatchSizing;
import io.tidemark.monitor.DiskSpaceWait;
import io.tidemark.monitor.OshiResourceSampler;
import io.tidemark.monitor.PressureLevels;
import io.tidemark.monitor.ProcessingPolicy;
import io.tidemark.monitor.ResourceGauges;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.monitor.ResourceSampler;
import io.tidemark.monitor.TableSlots;
import io.tidemark.monitor.Thresholds;
import io.tidemark.run.CycleReport;
import io.tidemark.run.RetryPolicy;
import io.tidemark.run.SyncCycle;
import io.tidemark.run.DeletedRows;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.SyncPlanner;
import io.tidemark.run.TableCheckpoints;
import io.tidemark.run.TableExtraction;
import io.tidemark.run.TableFilterCheck;
import io.tidemark.sink.JsonlFileSink;
import io.tidemark.sink.RecordSink;
import io.tidemark.source.EmbeddedDemoDatabase;
import io.tidemark.source.SourceDataSource;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStores;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

/**
 * Assembles Tidemark: the source (embedded demo or configured), the beans the routes call, and Camel Main
 * loading {@code routes/*.yaml}. Used by {@link TidemarkMain} and by the route-level tests alike.
 */
public final class TidemarkRuntime implements AutoCloseable {
    private final Main main;
    /** The demo database, pools and other resources, most recently opened first. */
    private final Deque<AutoCloseable> opened;

    private TidemarkRuntime(Main main, Deque<AutoCloseable> opened) {
        this.main = main;
        this.opened = opened;
    }

    /**
     * Connects to the source (starting the demo database when no URL is set) and prepares Camel.
     *
     * @param scheduled whether the Quartz schedules run (false for {@code --once})
     */
    public static TidemarkRuntime create(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled) {
        Clock clock = Clock.systemUTC();
        List<Path> watched = List.of(baseDir.resolve(config.sink().directory()), baseDir.resolve(config.stateDirectory()));
        return create(baseDir, config, properties, scheduled, new OshiResourceSampler(watched, clock));
    }

    /** As {@link #create(Path, TidemarkConfig, LayeredProperties, boolean)}, reading the machine with {@code sampler}. */
    public static TidemarkRuntime create(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled,
                                         ResourceSampler sampler) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return create(baseDir, config, properties, scheduled, sampler, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static TidemarkRuntime create(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled,
                                          ResourceSampler sampler, Deque<AutoCloseable> opened) {
        TidemarkConfig.Source sourceConfig = config.source();
        if (sourceConfig.embedded()) {
            EmbeddedDemoDatabase demo = EmbeddedDemoDatabase.start(baseDir);
            opened.push(demo);
            sourceConfig = sourceConfig.withConnection(demo.jdbcUrl(), demo.username(), demo.password());
        }
        ProcessingPolicy policy = new ProcessingPolicy(config.sync());
        // every extraction thread plus discovery
        HikariDataSource source = SourceDataSource.open(sourceConfig, policy.totalThreads() + 1);
        opened.push(source);
        TableDiscovery discovery = new TableDiscovery(source, config.source().selector(),
                config.sync().smallTableRows(), config.sync().largeTableRows());
        CursorDetector cursors = new CursorDetector(config.sync().cursorColumns());
        checkTableFilters(config, source, discovery, cursors);
        FreshnessSetup freshness = freshnessRule(config, source, discovery, cursors);
        StateStores.Opened stateStore = StateStores.open(config.state(), baseDir);
        opened.push(stateStore.resources());

        Clock clock = Clock.systemUTC();
        TidemarkConfig.Monitor monitorConfig = config.monitor();
        AdaptivePolicy adaptive = new AdaptivePolicy(policy);
        ResourceMonitor resources = new ResourceMonitor(sampler, monitorConfig.interval(), clock);
        PressureLevels levels = new PressureLevels(resources, new Thresholds(monitorConfig.memoryHigh(),
                monitorConfig.memoryCritical(), monitorConfig.cpuHigh(), monitorConfig.cpuCritical(), monitorConfig.diskCritical(),
                monitorConfig.hysteresis()));
        TableSlots slots = new TableSlots(levels, adaptive);
        // one registry, under the name Camel's micrometer component looks up, for Camel's meters and Tidemark's
        MeterRegistry metrics = new SimpleMeterRegistry();
        new ResourceGauges(resources, slots).bindTo(metrics);
        RecordSink sink = new JsonlFileSink(baseDir.resolve(config.sink().directory()));
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false"); // properties come from LayeredProperties only
        main.setOverrideProperties(CamelProperties.of(baseDir, config, properties, policy, scheduled));
        main.addMainListener(new OnlyTidemarkProperties());
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
        main.bind("sourceDataSource", source);
        main.bind("tableDiscovery", discovery);
        main.bind("syncCycle", new SyncCycle(sink, clock));
        StateStore states = stateStore.store();
        SyncPlanner planner = new SyncPlanner(source, states, cursors,
                new CursorBounds(source, config.sync().cursorLag(), config.sync().timestampTimeZone()),
                config.sync().tableFilters(), config.sync().region(), config.sync().regionColumn());
        main.bind("tableExtraction", new TableExtraction(planner, sink, slots, clock));
        main.bind("tableCheckpoints", new TableCheckpoints(states, clock));
        main.bind("deletedRows", new DeletedRows(baseDir.resolve(config.stateDirectory()), sink, config.sync().smallTableRows(), clock));
        main.bind("tableSlots", slots);
        main.bind("batchSizing", new BatchSizing(levels, slots, new DiskSpaceWait(levels), adaptive));
        main.bind("recordSink", sink);
        main.bind("retryPolicy", new RetryPolicy(config.sync().maxRetries()));
        main.bind("freshnessCheck", new FreshnessCheck(freshness.rule(), sink, clock, freshness.skipped()));
        main.bind("triggerOutcomes", new GroupedBodyAggregationStrategy());
        main.bind("fivetranTrigger", new FivetranTrigger(config.fivetran(), states, clock));
        main.bind("fivetranCalls", new FivetranCalls());
        main.bind(FivetranEndpoint.AUTH_BEAN, new FivetranAuth(config.fivetran().apiKey(), config.fivetran().apiSecret()));
        main.bind("fivetranRetries", new FivetranRetries(config.fivetran().maxRetries(), config.fivetran().maxRetryDelay(), clock));
        main.bind("preprocessing", new Preprocessing(config.preprocess().statements(), config.preprocess().tables(),
                sourceConfig, states, config.preprocess().connectionIds()));
        return new TidemarkRuntime(main, opened);
    }

    /** The freshness rule and, when the check does not run on this source, why (see {@link FreshnessQuery#check}). */
    private record FreshnessSetup(FreshnessRule rule, String skipped) {
    }

    /** The configured freshness rule, checked against the source before anything runs when the check is enabled. */
    private static FreshnessSetup freshnessRule(TidemarkConfig config, HikariDataSource source, TableDiscovery discovery,
                                               CursorDetector cursors) {
        TidemarkConfig.Freshness freshness = config.freshness();
        if (freshness.maxAge().selected()) {
            MaxAgeRule maxAge = new MaxAgeRule(source, discovery, freshness.maxAge().tables(), cursors,
                    config.sync().timestampTimeZone(), freshness.statementTimeout(), config.fivetran().connectionIds());
            if (freshness.enabled()) {
                checkMaxAgeTables(maxAge, freshness.maxAge().tables(), config.fivetran());
            }
            return new FreshnessSetup(maxAge, null);
        }
        FreshnessQuery query = new FreshnessQuery(source, freshness.query(), freshness.statusColumn(), freshness.statementTimeout());
        String skipped = null;
        if (freshness.enabled()) {
            // with credentials, every judged row needs a connection: configured, or named by the query
            boolean connectionColumnRequired = !config.fivetran().dryRun() && config.fivetran().connectionIds().isEmpty();
            skipped = query.check(freshness.demoQuery(), connectionColumnRequired);
        }
        return new FreshnessSetup(new RatioRule(query, freshness.staleValue(), freshness.thresholdPercent(),
                config.fivetran().connectionIds()), skipped);
    }

    /**
     * The max-age tables must exist and have a usable column before anything runs; with credentials, each
     * needs a connection to trigger.
     */
    private static void checkMaxAgeTables(MaxAgeRule rule, MaxAgeTables tables, TidemarkConfig.Fivetran fivetran) {
        try {
            rule.check();
        } catch (SQLException e) {
            throw new IllegalStateException("Checking tidemark.freshness.max-age failed: " + e.getMessage(), e);
        }
        if (!fivetran.dryRun() && fivetran.connectionIds().isEmpty() && !tables.everyEntryNamesConnections()) {
            throw new ConfigException("tidemark.fivetran.connection-id", "must be set when the Fivetran API key is set,"
                    + " unless every tidemark.freshness.max-age entry names its connection-id");
        }
    }

    /** Table filters must fit the tables they name before anything runs (a misfit is a configuration error). */
    private static void checkTableFilters(TidemarkConfig config, HikariDataSource source, TableDiscovery discovery,
                                          CursorDetector cursors) {
        if (config.sync().tableFilters().isEmpty()) {
            return;
        }
        try {
            new TableFilterCheck(source, cursors).check(config.sync().tableFilters(), discovery.discover());
        } catch (SQLException e) {
            throw new IllegalStateException("Checking the table filters failed: " + e.getMessage(), e);
        }
    }

    /** Before Camel configures anything, its placeholders are limited to the properties Tidemark hands it. */
    private static final class OnlyTidemarkProperties extends MainListenerSupport {
        @Override
        public void beforeConfigure(BaseMainSupport main) {
            CamelProperties.ignoreEnvironmentAndSystemProperties(main.getCamelContext());
        }
    }

    /** Starts Camel (routes loaded, Quartz schedules running unless created for {@code --once}). */
    public void start() throws Exception {
        main.start();
    }

    /** Starts Camel and blocks until Tidemark is told to stop (SIGTERM, Ctrl-C). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    /** Runs one sync cycle now and returns its report. */
    public CycleReport runSyncCycle() {
        return camelContext().createProducerTemplate().requestBody("direct:sync-cycle", null, CycleReport.class);
    }

    /** Runs one freshness check now and returns its report. */
    public FreshnessReport runFreshnessCheck() {
        return camelContext().createProducerTemplate().requestBody("direct:freshness-check", null, FreshnessReport.class);
    }

    public CamelContext camelContext() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        closeAll(opened);
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception ignored) {
                // closing the rest anyway
            }
        }
    }
}
