package io.tidemark.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.JdbcUrls;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.source.ConnectionProbe;
import io.tidemark.state.StateStores;
import io.tidemark.state.TableSetUp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.component.quartz.QuartzComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's control database: its tables, created when missing (Quartz's, from the script in the Quartz jar, and
 * Tidemark's claim table; {@link TableSetUp}: nodes starting together create them once); and the small pool the
 * claims use.
 */
public final class ControlDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(ControlDatabase.class);
    private static final String QUARTZ_SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    /**
     * One row per table of a cycle: queued by the node that fired the cycle, claimed by a node (its name and the
     * claim's attempt number, renewed by heartbeats), done with the table's outcome, or superseded by a newer cycle.
     * Times that decide expiry are the database's ({@code now()}), so nodes' clocks need not agree.
     */
    static final String CREATE_CLAIMS = """
            CREATE TABLE IF NOT EXISTS tidemark_claims (
                run_id text NOT NULL,
                position integer NOT NULL,
                table_name text NOT NULL,
                category text NOT NULL,
                source_table jsonb NOT NULL,
                preprocess_rows bigint,
                preprocess_error text,
                fired_by text NOT NULL,
                queued_at timestamptz NOT NULL DEFAULT now(),
                status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'claimed', 'done', 'superseded')),
                node text,
                attempt integer NOT NULL DEFAULT 0,
                heartbeat_at timestamptz,
                started_at timestamptz,
                finished_at timestamptz,
                outcome text,
                rows bigint,
                batches integer,
                error text,
                PRIMARY KEY (run_id, position))
            """;
    static final String CREATE_OPEN_CLAIMS_INDEX = """
            CREATE INDEX IF NOT EXISTS tidemark_claims_open ON tidemark_claims (category, queued_at, run_id, position)
            WHERE status IN ('queued', 'claimed')
            """;

    private ControlDatabase() {
    }

    /** Creates the cluster's tables that are missing; fails with one line naming the control database. */
    public static void prepare(TidemarkConfig.Cluster cluster) {
        try (Connection connection = ConnectionProbe.forSetUp(cluster.jdbcUrl(), cluster.username(), cluster.password())) {
            List<String> quartzTables = quartzStatements();
            TableSetUp.once(connection, setUp -> {
                boolean quartzThere = exists(setUp, "qrtz_locks");
                try (Statement statement = setUp.createStatement()) {
                    if (!quartzThere) {
                        for (String sql : quartzTables) {
                            statement.execute(sql);
                        }
                        LOG.info("Created Quartz's tables on the cluster's control database");
                    }
                    statement.execute(CREATE_CLAIMS);
                    statement.execute(CREATE_OPEN_CLAIMS_INDEX);
                }
            });
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot prepare the cluster's tables on " + JdbcUrls.redact(cluster.jdbcUrl())
                    + ": " + e.getMessage(), e);
        }
    }

    /** The pool of the claims: the claiming timer, the waiting cycle and the tables' outcomes. */
    public static HikariDataSource open(TidemarkConfig.Cluster cluster) {
        HikariConfig hikari = StateStores.controlPool("tidemark-cluster", cluster.jdbcUrl(), cluster.username(),
                cluster.password());
        // a heartbeat must not hang on a cut-off database, or wait for a pooled connection, longer than a third of a
        // claim's life: a live node's claims are renewed before they expire
        Duration third = cluster.claimTimeout().dividedBy(3);
        hikari.setConnectionTimeout(Math.max(250, third.toMillis()));
        hikari.addDataSourceProperty("socketTimeout", Long.toString(Math.max(1, third.toSeconds())));
        return new HikariDataSource(hikari);
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The script's statements, without its comments and its closing COMMIT (the caller's transaction commits). */
    private static List<String> quartzStatements() throws IOException {
        try (InputStream script = QuartzComponent.class.getClassLoader().getResourceAsStream(QUARTZ_SCRIPT)) {
            if (script == null) {
                throw new IOException(QUARTZ_SCRIPT + " not found in the Quartz jar");
            }
            String text = new String(script.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
            return Arrays.stream(text.split(";")).map(String::strip)
                    .filter(sql -> !sql.isEmpty() && !sql.equalsIgnoreCase("commit")).toList();
        }
    }
}
