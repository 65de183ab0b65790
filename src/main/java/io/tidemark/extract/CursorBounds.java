package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
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
 * are read again; for integer cursors that is the largest value at the snapshot's start. A {@code timestamp}
 * (without time zone) or {@code date} cursor holds wall-clock values of some zone: the bounds are taken in
 * {@code tidemark.sync.timestamp-time-zone} when set, else in the session's zone (pgjdbc's, the JVM's).
 */
public final class CursorBounds {
    private final DataSource dataSource;
    private final String lag;
    private final String zone;

    public CursorBounds(DataSource dataSource, Duration lag) {
        this(dataSource, lag, "");
    }

    /** @param zone the zone the writers' timestamp-without-time-zone values are in; empty for the session's */
    public CursorBounds(DataSource dataSource, Duration lag, String zone) {
        this.dataSource = dataSource;
        this.lag = lag.toString();
        this.zone = zone;
    }

    /** The highest cursor value a cycle starting now may read; null for no bound. */
    public String upperBound(SourceColumn cursor) throws SQLException {
        return switch (cursor.baseType()) {
            case "timestamptz" -> query("SELECT (now() - CAST(? AS interval))::text", lag);
            case "timestamp" -> zone.isEmpty() ? query("SELECT (localtimestamp - CAST(? AS interval))::text", lag)
                    : query("SELECT ((now() AT TIME ZONE CAST(? AS text)) - CAST(? AS interval))::text", zone, lag);
            case "date" -> zone.isEmpty() ? query("SELECT (current_date - 1)::text")
                    : query("SELECT ((now() AT TIME ZONE CAST(? AS text))::date - 1)::text", zone);
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
                + SqlIdentifiers.qualified(table.schema(), table.name()));
    }

    private String query(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setString(i + 1, parameters[i]);
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
