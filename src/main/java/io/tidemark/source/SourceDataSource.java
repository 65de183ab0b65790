package io.tidemark.source;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;

/**
 * The read pool on the source: read-only transactions with autoCommit off (pgjdbc streams with a fetch size only
 * then; with autoCommit on it reads the whole result into memory), ISO-8601 intervals, the session limits
 * ({@code statement_timeout}, {@code lock_timeout}), and a name that shows in {@code pg_stat_activity}.
 */
public final class SourceDataSource {
    private SourceDataSource() {
    }

    /** Checks that the source answers, then opens the pool; an unreachable source is a configuration error. */
    public static HikariDataSource open(TidemarkConfig.Source source, int maximumPoolSize) {
        ConnectionProbe.connect(Settings.SOURCE_JDBC_URL, Settings.SOURCE_PASSWORD, source.jdbcUrl(), source.username(),
                source.password());
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
}
