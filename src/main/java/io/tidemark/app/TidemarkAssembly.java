package io.tidemark.app;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.cluster.ClusterCycle;
import io.tidemark.cluster.ClusterHealthCheck;
import io.tidemark.cluster.ClusteredSchedules;
import io.tidemark.cluster.ControlDatabase;
import io.tidemark.cluster.TableClaimer;
import io.tidemark.cluster.TableClaims;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.SinkType;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.destination.DestinationDataSource;
import io.tidemark.destination.JdbcSink;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.discovery.TablePresence;
import io.tidemark.extract.CursorDetector;
import io.tidemark.fivetran.FivetranAuth;
import io.tidemark.fivetran.FivetranCalls;
import io.tidemark.fivetran.FivetranEndpoint;
import io.tidemark.fivetran.FivetranRetries;
import io.tidemark.fivetran.FivetranTrigger;
import io.tidemark.freshness.FreshnessCheck;
import io.tidemark.freshness.FreshnessQuery;
import io.tidemark.freshness.FreshnessRule;
import io.tidemark.freshness.MaxAgeRule;
import io.tidemark.freshness.RatioRule;
import io.tidemark.monitor.OshiResourceSampler;
import io.tidemark.monitor.ProcessingPolicy;
import io.tidemark.monitor.ResourceGauges;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.monitor.ResourcePolicy;
import io.tidemark.monitor.ResourceSampler;
import io.tidemark.monitor.TableSlots;
import io.tidemark.observe.FivetranApiHealthCheck;
import io.tidemark.observe.LastCycleHealthCheck;
import io.tidemark.observe.SourceHealthCheck;
import io.tidemark.observe.StateStoreHealthCheck;
import io.tidemark.observe.TidemarkMeters;
import io.tidemark.run.DaemonThreads;
import io.tidemark.run.DeletedRows;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.RetryPolicy;
import io.tidemark.run.SyncCycle;
import io.tidemark.run.SyncPlanner;
import io.tidemark.run.TableCheckpoints;
import io.tidemark.run.TableExtraction;
import io.tidemark.sink.CheckpointingWriter;
import io.tidemark.sink.RecordSink;
import io.tidemark.sink.RecordSinks;
import io.tidemark.source.EmbeddedDemoDatabase;
import io.tidemark.source.SourceDataSource;
import io.tidemark.state.JdbcStateStore;
import io.tidemark.state.StateStore;
import io.tidemark.state.StateStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidemark assembled from validated configuration, independent of the Camel runtime that hosts it: the beans the
 * routes call (by registry name), the properties Camel resolves the routes' placeholders from, and the resources
 * (demo database, pools) to close afterwards. A runtime binds the beans into its registry and hands Camel the
 * properties; {@link TidemarkRuntime} does so for Camel Main, {@link #bindTo(CamelContext, boolean)} for a context that a
 * container created (OSGi).
 */
public final class TidemarkAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TidemarkAssembly.class);
    /** The bean of the checkpoint store ({@code status}, {@code /observe/status}). */
    public static final String CHECKPOINT_STORE = "checkpointStore";
    /** The bean of Tidemark's own meters ({@link TidemarkMeters}; not a registry, which Camel would take as its own). */
    public static final String TIDEMARK_METERS = "tidemarkMeters";
    /** Camel Main's metrics service and management server settings: a host with its own leaves them out. */
    private static final List<String> CAMEL_MAIN_OBSERVABILITY = List.of("camel.metrics.", "camel.management.");
    private final Map<String, Object> beans;
    private final Map<String, Object> camelProperties;
    /** The demo database, pools and other resources, most recently opened first. */
    private final Deque<AutoCloseable> opened;

    private TidemarkAssembly(Map<String, Object> beans, Map<String, Object> camelProperties, Deque<AutoCloseable> opened) {
        this.beans = Collections.unmodifiableMap(beans);
        this.camelProperties = Collections.unmodifiableMap(camelProperties);
        this.opened = opened;
    }

    /** As {@link #build(Path, TidemarkConfig, LayeredProperties, boolean, ResourceSampler)}, reading the machine with OSHI. */
    public static TidemarkAssembly build(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled) {
        List<Path> watched = List.of(baseDir.resolve(config.sink().directory()), baseDir.resolve(config.stateDirectory()));
        return build(baseDir, config, properties, scheduled, new OshiResourceSampler(watched, Clock.systemUTC()));
    }

    /**
     * Connects to the source (starting the demo database when no URL is set), checks the settings that must fit
     * it, and builds every bean. On failure, whatever was opened is closed again.
     *
     * @param scheduled whether the Quartz schedules run (false for {@code --once})
     */
    public static TidemarkAssembly build(Path baseDir, TidemarkConfig config, LayeredProperties properties, boolean scheduled,
                                         ResourceSampler sampler) {
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            ProcessingPolicy policy = new ProcessingPolicy(config.sync());
            Map<String, Object> beans = beans(baseDir, config, policy, sampler, scheduled, opened);
            return new TidemarkAssembly(beans, CamelProperties.of(baseDir, config, properties, policy, scheduled), opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static Map<String, Object> beans(Path baseDir, TidemarkConfig config, ProcessingPolicy policy,
                                             ResourceSampler sampler, boolean scheduled, Deque<AutoCloseable> opened) {
        TidemarkConfig.Source sourceConfig = config.source();
        if (sourceConfig.embedded()) {
            EmbeddedDemoDatabase demo = EmbeddedDemoDatabase.start(baseDir);
            opened.push(demo);
            sourceConfig = sourceConfig.withConnection(demo.jdbcUrl(), demo.username(), demo.password());
        }
        // every extraction thread plus discovery
        HikariDataSource source = SourceDataSource.open(sourceConfig, policy.totalThreads() + 1);
        opened.push(source);
        StartupChecks checks = new StartupChecks(config, source);
        TableDiscovery discovery = new TableDiscovery(source, config.source().selector(),
                config.sync().smallTableRows(), config.sync().largeTableRows());
        CursorDetector cursors = new CursorDetector(config.sync().cursorColumns());
        checks.tableSelection(discovery);
        checks.tableFilters(discovery, cursors);
        FreshnessSetup freshness = freshnessSetup(config, source, discovery, cursors, checks);
        StateStores.Opened stateStore = StateStores.open(config.state(), baseDir);
        opened.push(stateStore.resources());
        StateStore states = stateStore.store();

        Clock clock = Clock.systemUTC();
        ResourceMonitor resources = new ResourceMonitor(sampler, config.monitor().interval(), clock);
        ResourcePolicy resourcePolicy = ResourcePolicy.of(policy, config.monitor(), resources);
        TableSlots slots = resourcePolicy.slots();
        // Camel's metrics service (camel.metrics.*) takes the Prometheus registry bound under this name as its
        // own, so Camel's route meters and Tidemark's gauges are in one registry
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Tidemark's own meters, in that registry; a host with a registry of its own (Quarkus) adds it to them
        TidemarkMeters meters = new TidemarkMeters(metrics, clock, config.sync().timestampTimeZone().isEmpty()
                ? ZoneId.systemDefault() : ZoneId.of(config.sync().timestampTimeZone()));
        new ResourceGauges(resources, resourcePolicy.levels(), slots).bindTo(meters.registry());
        Sinks sinks = sinks(baseDir, config, policy, states, opened);
        RecordSink sink = sinks.sink();
        ExecutorService readAhead = Executors.newCachedThreadPool(DaemonThreads.named("tidemark-read-ahead"));
        opened.push(readAhead::shutdownNow);
        SyncPlanner planner = SyncPlanner.configured(source, states, cursors, config.sync(), readAhead);

        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put(MicrometerConstants.METRICS_REGISTRY_NAME, metrics);
        beans.put(TIDEMARK_METERS, meters);
        beans.put(CHECKPOINT_STORE, states);
        beans.put("sourceDataSource", source);
        beans.put("tableDiscovery", discovery);
        beans.put("syncCycle", new SyncCycle(sink, clock, meters));
        beans.put("preprocessing", new Preprocessing(config.preprocess().statements(), config.preprocess().tables(),
                sourceConfig, states, config.preprocess().connectionIds()));
        beans.put("tableSlots", slots);
        beans.put("batchSizing", resourcePolicy.sizing());
        // on a cluster, each table's run names the node it ran on
        String node = clustered(config, scheduled) ? config.cluster().nodeName() : null;
        beans.put("tableExtraction", new TableExtraction(planner, discovery, sink, slots, new TablePresence(source), clock,
                meters, node));
        beans.put("recordSink", sink);
        beans.put("tableCheckpoints", sinks.withCheckpoints() == null ? new TableCheckpoints(states, sink, clock)
                : TableCheckpoints.inBatchTransactions(states, sink, sinks.withCheckpoints(), clock));
        beans.put("deletedRows", new DeletedRows(baseDir.resolve(config.stateDirectory()), sink, config.sync().smallTableRows(), clock));
        beans.put("retryPolicy", new RetryPolicy(config.sync().maxRetries()));
        beans.put("freshnessCheck", new FreshnessCheck(freshness.rule(), sink, clock, freshness.skipped(), meters));
        beans.put("triggerOutcomes", new GroupedBodyAggregationStrategy());
        beans.put("fivetranTrigger", new FivetranTrigger(config.fivetran(), states, clock));
        beans.put("fivetranCalls", new FivetranCalls(meters));
        beans.put(FivetranEndpoint.AUTH_BEAN, new FivetranAuth(config.fivetran().apiKey(), config.fivetran().apiSecret()));
        beans.put("fivetranRetries", new FivetranRetries(config.fivetran().maxRetries(), config.fivetran().maxRetryDelay(), clock));
        healthChecks(baseDir, config, sourceConfig, meters).forEach(beans::put);
        if (clustered(config, scheduled)) {
            beans.putAll(clusterBeans(config.cluster(), slots, meters, clock, opened));
        }
        return beans;
    }

    /** A scheduled Tidemark with {@code tidemark.cluster.enabled} is a cluster node; {@code --once} joins no cluster. */
    private static boolean clustered(TidemarkConfig config, boolean scheduled) {
        return scheduled && config.cluster().enabled();
    }

    /**
     * A cluster node's beans, on the control database's tables (created when missing): the clustered Quartz component
     * (the routes' {@code quartz:} endpoints resolve it by name), the firing node's cycle steps, the claimer (with its
     * meters) and its health check. The claimer is closed before the claims' pool: it gives back the claims still held.
     */
    private static Map<String, Object> clusterBeans(TidemarkConfig.Cluster cluster, TableSlots slots, TidemarkMeters meters,
                                                    Clock clock, Deque<AutoCloseable> opened) {
        ControlDatabase.prepare(cluster);
        HikariDataSource control = ControlDatabase.open(cluster);
        opened.push(control);
        TableClaims claims = new TableClaims(control, cluster.claimTimeout(), clock);
        TableClaimer claimer = new TableClaimer(claims, slots, cluster.nodeName(), cluster.claimTimeout(), clock,
                meters.registry());
        opened.push(claimer);
        LOG.info("Cluster node {}: claims tables on {}", cluster.nodeName(), JdbcUrls.redact(cluster.jdbcUrl()));
        Map<String, Object> beans = new LinkedHashMap<>();
        beans.put("quartz", ClusteredSchedules.component(cluster));
        beans.put("clusterCycle", new ClusterCycle(claims, cluster.nodeName(), cluster.claimTimeout(), clock));
        beans.put("tableClaimer", claimer);
        beans.put("clusterHealthCheck", new ClusterHealthCheck(claimer, cluster.heartbeatInterval(), clock));
        return beans;
    }

    /**
     * The checks behind {@code /observe/health} (Camel registers every {@link org.apache.camel.health.HealthCheck}
     * bean): the source, the checkpoint store, the last cycle and, when an API key is configured, Fivetran's API.
     */
    private static Map<String, Object> healthChecks(Path baseDir, TidemarkConfig config, TidemarkConfig.Source source,
                                                    TidemarkMeters meters) {
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("sourceHealthCheck", new SourceHealthCheck(source.jdbcUrl(), JdbcUrls.redact(source.jdbcUrl()),
                source.username(), source.password()));
        checks.put("stateStoreHealthCheck", new StateStoreHealthCheck(StateStores.writableProbe(config.state(), baseDir)));
        checks.put("lastCycleHealthCheck", new LastCycleHealthCheck(meters));
        if (!config.fivetran().dryRun()) {
            checks.put("fivetranApiHealthCheck", new FivetranApiHealthCheck(config.fivetran().baseUrl()));
        }
        return checks;
    }

    /**
     * The configured sink, and what writes a batch together with its checkpoint when the jdbc checkpoint store is
     * the jdbc sink's destination database (else null).
     */
    private record Sinks(RecordSink sink, CheckpointingWriter withCheckpoints) {
    }

    /** The configured sinks; the jdbc sink's pool on the destination is closed with the assembly. */
    private static Sinks sinks(Path baseDir, TidemarkConfig config, ProcessingPolicy policy, StateStore states,
                               Deque<AutoCloseable> opened) {
        if (config.sink().type() != SinkType.JDBC) {
            return new Sinks(RecordSinks.create(config.sink(), baseDir), null);
        }
        // every extraction thread, plus the cycle's and the freshness check's own records
        HikariDataSource destination = DestinationDataSource.open(config.sink().jdbc(), policy.totalThreads() + 2);
        opened.push(destination);
        JdbcSink sink = new JdbcSink(destination, config.sink().jdbc().schema());
        if (config.checkpointsInDestination() && states instanceof JdbcStateStore sameDatabase) {
            LOG.info("Checkpoints commit with each batch: the checkpoint store is the destination database");
            return new Sinks(sink, sink.checkpointingIn(sameDatabase));
        }
        if (config.cluster().enabled()) {
            LOG.warn("The jdbc sink's destination is not the cluster's control database: a node frozen while writing a"
                    + " batch can still commit it after another node took its table over (older rows over newer ones"
                    + " until they are read again); the control database as destination closes that window");
        }
        return new Sinks(sink, null);
    }

    /** The freshness rule and, when the check does not run on this source, why (see {@link FreshnessQuery#check}). */
    private record FreshnessSetup(FreshnessRule rule, String skipped) {
    }

    /** The configured freshness rule, checked against the source first when the check is enabled. */
    private static FreshnessSetup freshnessSetup(TidemarkConfig config, HikariDataSource source, TableDiscovery discovery,
                                                 CursorDetector cursors, StartupChecks checks) {
        TidemarkConfig.Freshness freshness = config.freshness();
        FreshnessRule rule;
        String skipped = null;
        if (freshness.maxAge().selected()) {
            MaxAgeRule maxAge = new MaxAgeRule(source, discovery, freshness.maxAge().tables(), cursors,
                    config.sync().timestampTimeZone(), freshness.statementTimeout(), config.fivetran().connectionIds());
            if (freshness.enabled()) {
                checks.maxAgeTables(maxAge);
            }
            rule = maxAge;
        } else {
            FreshnessQuery query = new FreshnessQuery(source, freshness.query(), freshness.statusColumn(), freshness.statementTimeout());
            if (freshness.enabled()) {
                skipped = checks.freshnessQuery(query);
            }
            rule = new RatioRule(query, freshness.staleValue(), freshness.thresholdPercent(), config.fivetran().connectionIds());
        }
        return new FreshnessSetup(rule, skipped);
    }

    /** The beans the routes call, by registry name. */
    public Map<String, Object> beans() {
        return beans;
    }

    /** What Camel resolves placeholders from (see {@link CamelProperties}): no secrets, derived values included. */
    public Map<String, Object> camelProperties() {
        return camelProperties;
    }

    /**
     * Binds the beans into {@code context}'s registry and makes the Camel properties the only ones its placeholders
     * resolve from (as override properties, with the environment and system properties not consulted), as
     * {@link TidemarkRuntime} does on Camel Main. For a context created by a container rather than by Camel Main;
     * call it before the context starts.
     *
     * @param hostOwnsMetrics the container has its own metrics registry for Camel's meters (Quarkus' micrometer
     *                        extension): the assembly's registry is then not bound as Camel's, and Camel Main's
     *                        metrics service and management server settings ({@code camel.metrics.*},
     *                        {@code camel.management.*}) are left out
     */
    public void bindTo(CamelContext context, boolean hostOwnsMetrics) {
        beans.forEach((name, bean) -> {
            if (!(hostOwnsMetrics && name.equals(MicrometerConstants.METRICS_REGISTRY_NAME))) {
                context.getRegistry().bind(name, bean);
            }
        });
        Properties properties = new Properties();
        camelProperties.forEach((key, value) -> {
            if (!(hostOwnsMetrics && CAMEL_MAIN_OBSERVABILITY.stream().anyMatch(key::startsWith))) {
                properties.put(key, value);
            }
        });
        context.getPropertiesComponent().setOverrideProperties(properties);
        CamelProperties.ignoreEnvironmentAndSystemProperties(context);
    }

    @Override
    public void close() {
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
