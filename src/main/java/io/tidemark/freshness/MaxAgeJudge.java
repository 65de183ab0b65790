package io.tidemark.freshness;

import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.ColumnReader;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Judges one table by the age of its newest row, {@code max(column)}, on the database's own {@code now()}:
 * older than its error-after is {@link MaxAgeStatus#ERROR}, older than its warn-after {@link MaxAgeStatus#WARN}.
 * A {@code timestamp} (without time zone) holds wall-clock values of the writers' zone (when empty, the
 * session's); a {@code date} counts from the start of its day in that zone. Nothing to date the table (no rows,
 * or the column null in every row) is an error: nothing shows it was ever loaded.
 */
final class MaxAgeJudge {
    private final String zone;

    /** @param zone {@code tidemark.sync.timestamp-time-zone}; empty for the session's (the JVM's) */
    MaxAgeJudge(String zone) {
        this.zone = zone;
    }

    /** Reads the table's newest value and its age in {@code connection}'s transaction, and judges them. */
    JudgedTable judge(Connection connection, MaxAgeTarget target) throws SQLException {
        SourceTable table = target.table();
        String qualified = SqlIdentifiers.qualified(table.schema(), table.name());
        boolean zoned = !zone.isEmpty() && !target.column().baseType().equals("timestamptz");
        // the newest value as an instant: timestamptz is one; timestamp and date are wall clock in the zone
        String instant = switch (target.column().baseType()) {
            case "timestamptz" -> "latest";
            case "timestamp" -> zoned ? "latest AT TIME ZONE CAST(? AS text)" : "CAST(latest AS timestamptz)";
            default -> zoned ? "CAST(latest AS timestamp) AT TIME ZONE CAST(? AS text)"
                    : "CAST(CAST(latest AS timestamp) AS timestamptz)";
        };
        String sql = "SELECT latest, CASE WHEN isfinite(latest) THEN floor(EXTRACT(EPOCH FROM now() - " + instant
                + "))::bigint END AS age_seconds, EXISTS (SELECT FROM " + qualified + ") AS has_rows"
                + " FROM (SELECT max(" + SqlIdentifiers.quote(target.column().name()) + ") AS latest FROM " + qualified
                + ") AS newest";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (zoned) {
                statement.setString(1, zone);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Object newest = ColumnReader.forColumn(target.column()).read(rs, 1);
                String latest = newest == null ? null : newest.toString();
                long age = rs.getLong(2);
                Long ageSeconds = rs.wasNull() ? null : age;
                return new JudgedTable(target, latest, ageSeconds, rs.getBoolean(3), status(target.limits(), latest, ageSeconds));
            }
        } catch (SQLException e) {
            throw new SQLException("max-age check of " + table + " (column " + target.column().name() + ") failed: "
                    + ReadTransactions.firstLine(e), e.getSQLState(), e);
        }
    }

    private static MaxAgeStatus status(MaxAge limits, String latest, Long ageSeconds) {
        if (latest == null) {
            return MaxAgeStatus.ERROR;
        }
        if (ageSeconds == null) {
            // infinity: the newest row claims the far future; -infinity: it claims no time at all
            return latest.startsWith("-") ? MaxAgeStatus.ERROR : MaxAgeStatus.FRESH;
        }
        Duration age = Duration.ofSeconds(ageSeconds);
        if (age.compareTo(limits.errorAfter()) > 0) {
            return MaxAgeStatus.ERROR;
        }
        if (limits.warnAfter() != null && age.compareTo(limits.warnAfter()) > 0) {
            return MaxAgeStatus.WARN;
        }
        return MaxAgeStatus.FRESH;
    }
}
