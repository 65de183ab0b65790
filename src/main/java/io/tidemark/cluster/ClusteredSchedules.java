package io.tidemark.cluster;

import io.tidemark.config.JdbcUrls;
import io.tidemark.config.TidemarkConfig;
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
 * by another (the routes' jobs are recoverable).
 */
public final class ClusteredSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredSchedules.class);
    private static final String DATA_SOURCE = "tidemark";

    private ClusteredSchedules() {
    }

    /**
     * The quartz component the routes' {@code quartz:} endpoints then use (bound as {@code quartz}); Quartz's tables
     * must exist ({@link ControlDatabase#prepare}).
     */
    public static QuartzComponent component(TidemarkConfig.Cluster cluster) {
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
        // its own clustered scheduler, never one a host offers by type (Quarkus' Quartz extension has a local one)
        component.setAutowiredEnabled(false);
        LOG.info("Clustered schedules on {}: each firing runs on one node", JdbcUrls.redact(cluster.jdbcUrl()));
        return component;
    }
}
