package io.tidemark.state;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.StateType;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.ConnectionProbe;
import io.tidemark.source.ReadTransactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the configured checkpoint store: files under the state directory, or a control database. */
public final class StateStores {
    /**
     * The server-side limit on a write session left idle inside its transaction, as pgjdbc's {@code options}: a node
     * frozen or cut off mid-transaction (a checkpoint that holds its claim's row lock) is ended by PostgreSQL after
     * 30 s, so its locks stop the other nodes no longer than that. Tidemark's own write transactions never sit idle.
     */
    public static final String IDLE_IN_TRANSACTION_LIMIT = "-c idle_in_transaction_session_timeout=30000";

    private StateStores() {
    }

    /** The store and what must be closed with it (the control database's pool), if anything. */
    public record Opened(StateStore store, AutoCloseable resources) {
    }

    /** Checks that checkpoints can be written now; describes the store, or throws why not. */
    @FunctionalInterface
    public interface WritableProbe {
        String check() throws Exception;
    }

    /**
     * A check that the configured store takes writes, for the health endpoint: a file created and deleted in the
     * checkpoint folder, or a connection of its own to the control database ({@link ConnectionProbe#forHealthCheck})
     * and the privilege to insert and update {@code tidemark_state}.
     */
    public static WritableProbe writableProbe(TidemarkConfig.State config, Path baseDir) {
        if (config.type() == StateType.FILE) {
            Path folder = FileStateStore.tablesFolder(baseDir.resolve(config.directory()));
            return () -> {
                Files.createDirectories(folder);
                Files.delete(Files.createTempFile(folder, ".health-", ".tmp"));
                return folder.toString();
            };
        }
        String shown = JdbcUrls.redact(config.jdbcUrl());
        return () -> {
            try (Connection connection = ConnectionProbe.forHealthCheck(config.jdbcUrl(), config.username(), config.password());
                 Statement statement = connection.createStatement();
                 ResultSet writable = statement.executeQuery(JdbcStateStore.WRITABLE_SQL)) {
                if (!writable.next() || !writable.getBoolean(1)) {
                    throw new IllegalStateException("the user may not insert and update tidemark_state in " + shown);
                }
            }
            return shown;
        };
    }

    /**
     * A small pool on a control database (4 connections, none kept idle, 10 s to get one; opened without connecting,
     * the caller's first use reports a failure). {@code name} is the pool's and the sessions' application name.
     */
    public static HikariConfig controlPool(String name, String jdbcUrl, String username, String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setJdbcUrl(jdbcUrl);
        hikari.setUsername(username);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(4);
        hikari.setMinimumIdle(0);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("ApplicationName", name);
        hikari.addDataSourceProperty("options", IDLE_IN_TRANSACTION_LIMIT);
        return hikari;
    }

    public static Opened open(TidemarkConfig.State config, Path baseDir) {
        if (config.type() == StateType.FILE) {
            return new Opened(new FileStateStore(baseDir.resolve(config.directory())), () -> { });
        }
        HikariDataSource control = new HikariDataSource(controlPool("tidemark-control", config.jdbcUrl(), config.username(),
                config.password()));
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
