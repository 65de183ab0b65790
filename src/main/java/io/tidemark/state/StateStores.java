package io.tidemark.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.StateType;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.ReadTransactions;
import java.nio.file.Path;
import java.sql.SQLException;

/** Opens the configured checkpoint store: files under the state directory, or a control database. */
public final class StateStores {
    private StateStores() {
    }

    /** The store and what must be closed with it (the control database's pool), if anything. */
    public record Opened(StateStore store, AutoCloseable resources) {
    }

    public static Opened open(TidemarkConfig.State config, Path baseDir) {
        if (config.type() == StateType.FILE) {
            return new Opened(new FileStateStore(baseDir.resolve(config.directory())), () -> { });
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tidemark-control");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.username());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", "tidemark");
        HikariDataSource control = new HikariDataSource(hikari);
        try {
            return new Opened(new JdbcStateStore(control), control);
        } catch (SQLException e) {
            control.close();
            String reason = ReadTransactions.firstLine(e);
            throw new ConfigException("tidemark.state.jdbc-url", "cannot use " + JdbcUrls.redact(config.jdbcUrl())
                    + " for checkpoints: " + reason);
        }
    }
}
