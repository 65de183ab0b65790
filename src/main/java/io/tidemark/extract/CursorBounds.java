package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Cursor bounds from the database's own clock, as the cursor's text. The upper bound of a cycle keeps rows of
 * transactions that may still commit with an older cursor value for the next cycle: {@code now() - lag} for
 * timestamps, yesterday for dates (a day is read once it is over), none for integers. The same bound taken
 * when a snapshot starts is where the incremental reads begin after it, so rows changed during the snapshot
 * are read again; for integer cursors that is the largest value at the snapshot's start.
 */
public final class CursorBounds {
    private final DataSource dataSource;
    private final String lag;

    public CursorBounds(DataSource dataSource, Duration lag) {
        this.dataSource = dataSource;
        this.lag = lag.toString();
    }

    /** The highest cursor value a cycle starting now may read; null for no bound. */
    public String upperBound(SourceColumn cursor) throws SQLException {
        return switch (cursor.baseType()) {
            case "timestamptz" -> query("SELECT (now() - CAST(? AS interval))::text", true);
            case "timestamp" -> query("SELECT (localtimestamp - CAST(? AS interval))::text", true);
            case "date" -> query("SELECT (current_date - 1)::text", false);
            default -> null;
        };
    }

    /** Where incremental reads begin after a snapshot starting now (inclusive); null for the table's start. */
    public String snapshotSwitchPoint(SourceTable table, SourceColumn cursor) throws SQLException {
        String upper = upperBound(cursor);
        if (upper != null) {
            return upper;
        }
        return query("SELECT max(" + SqlIdentifiers.quote(cursor.name()) + ")::text FROM "
                + SqlIdentifiers.qualified(table.schema(), table.name()), false);
    }

    private String query(String sql, boolean bindLag) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (bindLag) {
                    statement.setString(1, lag);
                }
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    String value = rs.getString(1);
                    connection.commit();
                    return value;
                }
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        }
    }
}
