package io.tidemark.destination;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.ConnectionProbe;
import io.tidemark.state.StateStores;

/**
 * The write pool on the destination, separate from the read-only source pool: autoCommit off, because every
 * batch is one transaction that the sink commits itself, and a name that shows in {@code pg_stat_activity}.
 */
public final class DestinationDataSource {
    private DestinationDataSource() {
    }

    /** Checks that the destination answers, then opens the pool; an unreachable destination is a configuration error. */
    public static HikariDataSource open(TidemarkConfig.JdbcDestination destination, int maximumPoolSize) {
        ConnectionProbe.connect(Settings.SINK_JDBC_URL, Settings.SINK_PASSWORD, destination.jdbcUrl(), destination.username(),
                destination.password());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tidemark-destination");
        hikari.setJdbcUrl(destination.jdbcUrl());
        hikari.setUsername(destination.username());
        hikari.setPassword(destination.password());
        hikari.setAutoCommit(false);
        hikari.setMaximumPoolSize(maximumPoolSize);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(30_000);
        hikari.addDataSourceProperty("ApplicationName", "tidemark-sink");
        hikari.addDataSourceProperty("options", StateStores.IDLE_IN_TRANSACTION_LIMIT);
        return new HikariDataSource(hikari);
    }
}
