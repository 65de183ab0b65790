package io.tidemark.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.Setting;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The read pool on the source: read-only transactions with autoCommit off (pgjdbc streams with a fetch size only
 * then; with autoCommit on it reads the whole result into memory), ISO-8601 intervals, the session limits
 * ({@code statement_timeout}, {@code lock_timeout}), and a name that shows in {@code pg_stat_activity}.
 */
public final class SourceDataSource {
    /** SQLSTATE invalid_password: the server refused the password (also sent for an unknown role under md5/scram). */
    private static final String INVALID_PASSWORD = "28P01";

    private SourceDataSource() {
    }

    /** Checks that the source answers, then opens the pool; an unreachable source is a configuration error. */
    public static HikariDataSource open(TidemarkConfig.Source source, int maximumPoolSize) {
        probe(source);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("tidemark-source");
        hikari.setJdbcUrl(source.jdbcUrl());
        hikari.setUsername(source.username());
        hikari.setPassword(source.password());
        hikari.setAutoCommit(false);
        hikari.setReadOnly(true);
        hikari.setMaximumPoolSize(maximumPoolSize);
        hikari.setMinimumIdle(1);
        // startup options, not an init statement: SET is transactional and would be rolled back with autoCommit off.
        // The statement timeout is per protocol message, so a streaming read is limited per fetch, not as a whole.
        hikari.addDataSourceProperty("options", "-c intervalstyle=iso_8601 " + source.limits().startupOptions());
        hikari.addDataSourceProperty("ApplicationName", "tidemark");
        return new HikariDataSource(hikari);
    }

    private static void probe(TidemarkConfig.Source source) {
        Properties properties = new Properties();
        properties.setProperty("user", source.username());
        properties.setProperty("password", source.password());
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "15");
        try (Connection ignored = DriverManager.getConnection(source.jdbcUrl(), properties)) {
            // reachable, credentials accepted
        } catch (SQLException e) {
            String reason = ReadTransactions.firstLine(e);
            throw new ConfigException(settingAtFault(e).key(), "cannot connect to " + JdbcUrls.redact(source.jdbcUrl())
                    + (source.username().isEmpty() ? "" : " as " + source.username()) + ": " + reason);
        }
    }

    /** The setting a refused connection points at: the password when the server refused it, else the URL. */
    private static Setting<?> settingAtFault(SQLException e) {
        return INVALID_PASSWORD.equals(e.getSQLState()) ? Settings.SOURCE_PASSWORD : Settings.SOURCE_JDBC_URL;
    }
}
