package io.tidemark.observe;

import io.tidemark.source.ConnectionProbe;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Whether the source answers {@code SELECT 1} on a connection of its own ({@link ConnectionProbe#forHealthCheck}).
 * DOWN names the server's reason; the URL is shown with its password masked, the password never.
 */
public final class SourceHealthCheck extends TidemarkHealthCheck {
    private final String jdbcUrl;
    private final String shownUrl;
    private final String username;
    private final String password;

    /** @param shownUrl the URL as it may be shown (its password masked) */
    public SourceHealthCheck(String jdbcUrl, String shownUrl, String username, String password) {
        super("tidemark-source");
        this.jdbcUrl = jdbcUrl;
        this.shownUrl = shownUrl;
        this.username = username;
        this.password = password;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("source", shownUrl);
        try (Connection connection = ConnectionProbe.forHealthCheck(jdbcUrl, username, password);
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(3);
            statement.execute("SELECT 1");
            builder.up();
        } catch (SQLException e) {
            builder.message("source unreachable: " + HealthMessages.firstLine(e)).down();
        }
    }
}
