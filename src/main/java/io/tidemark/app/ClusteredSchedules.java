package io.tidemark.app;

import io.tidemark.config.JdbcUrls;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.ConnectionProbe;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler of a cluster of Tidemark nodes ({@code tidemark.cluster.enabled}): Quartz's clustered JDBC job
 * store on the control database, one scheduler name for every node and an instance id per node, so that each
 * firing of the sync and freshness schedules runs on exactly one node, and a firing whose node died is run again
 * by another (the routes' jobs are recoverable). Quartz's tables are created from the script in the Quartz jar when
 * missing, under an advisory lock, so that nodes starting together create them once.
 */
final class ClusteredSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedules.class);
    private static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    /** Any fixed number: the key of the advisory lock nodes take while they create Quartz's tables. */
    private static final long TABLES_LOCK = 0x7469_6465_6d61_726bL;
    private static final String DATA_SOURCE = "tidemark";

    private ClusteredSchedules() {
    }

    /** The quartz component the routes' {@code quartz:} endpoints then use (bound as {@code quartz}). */
    static QuartzComponent component(TidemarkConfig.Cluster cluster) {
        createTablesWhenMissing(cluster);
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "tidemark");
        quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        quartz.setProperty("org.quartz.threadPool.threadCount", "4");
        quartz.setProperty("org.quartz.jobStore.class", JobStoreTX.class.getName());
        quartz.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        quartz.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        quartz.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        quartz.setProperty("org.quartz.jobStore.isClustered", "true");
        // a dead node's firings are taken over after this much silence (plus Quartz's grace of 7.5 s)
        quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        // a firing more than a second late (a cycle still running, a node taken over) is a misfire, and a cron
        // trigger's misfires fire once, now: no burst of catch-up cycles
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".provider", "hikaricp");
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".driver", "org.postgresql.Driver");
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".URL", cluster.jdbcUrl());
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".user", cluster.username());
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".password", cluster.password());
        quartz.setProperty("org.quartz.dataSource." + DATA_SOURCE + ".maxConnections", "4");
        QuartzComponent component = new QuartzComponent();
        component.setProperties(quartz);
        // every node's scheduler has the same name: that is what makes them one cluster
        component.setPrefixInstanceName(false);
        LOG.info("Clustered schedules on {}: each firing runs on one node", JdbcUrls.redact(cluster.jdbcUrl()));
        return component;
    }

    private static void createTablesWhenMissing(TidemarkConfig.Cluster cluster) {
        try (Connection connection = ConnectionProbe.forSetUp(cluster.jdbcUrl(), cluster.username(), cluster.password())) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, TABLES_LOCK);
                lock.execute();
            }
            boolean present;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                rs.next();
                present = rs.getBoolean(1);
            }
            if (!present) {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : statements()) {
                        statement.execute(sql);
                    }
                }
                LOG.info("Created Quartz's tables on the cluster's control database");
            }
            connection.commit();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the cluster's schedules on " + JdbcUrls.redact(cluster.jdbcUrl())
                    + ": " + e.getMessage(), e);
        }
    }

    /** The script's statements, without its comments and its closing COMMIT (the caller's transaction commits). */
    private static List<String> statements() throws IOException {
        try (InputStream script = QuartzComponent.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (script == null) {
                throw new IOException(SCRIPT + " not found in the Quartz jar");
            }
            String text = new String(script.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
            return Arrays.stream(text.split(";")).map(String::strip)
                    .filter(sql -> !sql.isEmpty() && !sql.equalsIgnoreCase("commit")).toList();
        }
    }
}
