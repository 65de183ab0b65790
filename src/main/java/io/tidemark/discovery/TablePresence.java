package io.tidemark.discovery;

import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a discovered table is still there under its name. A table dropped or renamed between discovery and
 * its read fails with "relation does not exist"; the catalog, asked by the table's oid, tells that apart from
 * a query that names some other missing relation.
 */
public final class TablePresence {
    /** SQLSTATE undefined_table. */
    private static final String UNDEFINED_TABLE = "42P01";
    private static final Logger LOG = LoggerFactory.getLogger(TablePresence.class);
    private static final String BY_OID_SQL = """
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.oid = ?
            """;

    private final DataSource source;

    public TablePresence(DataSource source) {
        this.source = source;
    }

    /** Whether {@code failure} (or a cause) is PostgreSQL's "relation does not exist". */
    public static boolean missingTable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNDEFINED_TABLE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why {@code table} is gone ("dropped", or "renamed to schema.name" since discovery), or empty when it is still
     * there under its name, or when the catalog cannot be asked (then the failure stands as it is).
     */
    public Optional<String> whyGone(SourceTable table) {
        try {
            return ReadTransactions.inTransaction(source, connection -> whyGone(connection, table));
        } catch (SQLException e) {
            LOG.debug("Could not ask the catalog whether {} still exists: {}", table, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> whyGone(Connection connection, SourceTable table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(BY_OID_SQL)) {
            statement.setLong(1, table.oid());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.of("dropped since discovery");
                }
                String now = rs.getString(1) + "." + rs.getString(2);
                return now.equals(table.qualifiedName()) ? Optional.empty() : Optional.of("renamed to " + now + " since discovery");
            }
        }
    }
}
