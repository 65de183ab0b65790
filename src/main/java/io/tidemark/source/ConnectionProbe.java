package io.tidemark.source;

import io.tidemark.config.ConfigException;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.Setting;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** One connection attempt before a pool opens, so that a database Tidemark cannot reach is a configuration error. */
public final class ConnectionProbe {
    /** SQLSTATE invalid_password: the server refused the password (also sent for an unknown role under md5/scram). */
    private static final String INVALID_PASSWORD = "28P01";

    private ConnectionProbe() {
    }

    /**
     * A connection of its own for a health check, never one of a pool's (which could be busy, or make the check wait
     * the pool's timeout): 2 s to connect, 3 s to log in and for each answer.
     */
    public static Connection forHealthCheck(String jdbcUrl, String username, String password) throws SQLException {
        Properties properties = login(username, password, 2, 3);
        properties.setProperty("socketTimeout", "3");
        properties.setProperty("ApplicationName", "tidemark-health");
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    /**
     * A connection for a short piece of set-up work at start (10 s to connect, 15 s to log in; no limit on an answer,
     * which may wait for a lock another node holds).
     */
    public static Connection forSetUp(String jdbcUrl, String username, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, login(username, password, 10, 15));
    }

    /** The user, password and the seconds to connect and to log in, as pgjdbc takes them. */
    private static Properties login(String username, String password, int connectSeconds, int loginSeconds) {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", Integer.toString(connectSeconds));
        properties.setProperty("loginTimeout", Integer.toString(loginSeconds));
        return properties;
    }

    /**
     * Connects once (10 s to connect, 15 s to log in) and closes again; otherwise fails with one line naming the
     * setting at fault (the password when the server refused it, else the URL) and the URL with its password masked.
     */
    public static void connect(Setting<?> urlSetting, Setting<?> passwordSetting, String jdbcUrl, String username,
                               String password) {
        try (Connection ignored = forSetUp(jdbcUrl, username, password)) {
            // reachable, credentials accepted
        } catch (SQLException e) {
            Setting<?> atFault = INVALID_PASSWORD.equals(e.getSQLState()) ? passwordSetting : urlSetting;
            throw new ConfigException(atFault.key(), "cannot connect to " + JdbcUrls.redact(jdbcUrl)
                    + (username.isEmpty() ? "" : " as " + username) + ": " + ReadTransactions.firstLine(e));
        }
    }
}
