package io.tidemark.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.TidemarkConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The read pool on the source: read-only transactions with autoCommit off (pgjdbc streams with a fetch size only
 * then; with autoCommit on it reads the whole result into memory), ISO-8601 intervals, and a name that shows in
 * {@code pg_stat_activity}.
 */
public final class SourceDataSource {
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
        // a startup option, not an init statement: SET is transactional and would be rolled back with autoCommit off
        hikari.addDataSourceProperty("options", "-c intervalstyle=iso_8601");
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
            throw new ConfigException("tidemark.source.jdbc-url", "cannot connect to " + JdbcUrls.redact(source.jdbcUrl())
                    + (source.username().isEmpty() ? "" : " as " + source.username()) + ": " + reason);
        }
    }
}
