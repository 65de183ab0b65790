package io.tidemark.source;

import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** One connection attempt before a pool opens, so that a database Tidemark cannot reach is a configuration error. */
public final class ConnectionProbe {
    private ConnectionProbe() {
    }

    /**
     * Connects once (10 s to connect, 15 s to log in) and closes again; otherwise fails with one line naming
     * {@code property} and the URL with its password masked.
     */
    public static void connect(String property, String jdbcUrl, String username, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "15");
        try (Connection ignored = DriverManager.getConnection(jdbcUrl, properties)) {
            // reachable, credentials accepted
        } catch (SQLException e) {
            throw new ConfigException(property, "cannot connect to " + JdbcUrls.redact(jdbcUrl)
                    + (username.isEmpty() ? "" : " as " + username) + ": " + ReadTransactions.firstLine(e));
        }
    }
}
