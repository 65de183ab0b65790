package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Reads one column of the current row into its lossless, sink-neutral value (see {@link RowBatch}).
 * Chosen once per column from the catalog type, so the per-row work is a single call.
 */
@FunctionalInterface
public interface ColumnReader {
    Object read(ResultSet rs, int index) throws SQLException;

    Set<String> INTEGERS = Set.of("int2", "int4", "int8", "oid", "xid", "cid");
    Set<String> EXACT_OR_FLOAT = Set.of("numeric", "float4", "float8");
    Set<String> JSON = Set.of("json", "jsonb");

    static ColumnReader forColumn(SourceColumn column) {
        if (column.isArray()) {
            // selected as to_json(column): PostgreSQL itself turns elements into JSON, nested arrays included
            return ColumnReader::json;
        }
        String type = column.baseType();
        if (INTEGERS.contains(type)) {
            return ColumnReader::integer;
        }
        if (EXACT_OR_FLOAT.contains(type)) {
            return ColumnReader::number;
        }
        if (JSON.contains(type)) {
            return ColumnReader::json;
        }
        return switch (type) {
            case "bool" -> ColumnReader::bool;
            case "bytea" -> ResultSet::getBytes;
            case "timestamptz" -> ColumnReader::timestampWithZone;
            case "timestamp" -> ColumnReader::timestamp;
            case "date" -> ColumnReader::date;
            case "timetz" -> ColumnReader::timeWithZone;
            // time, interval (iso_8601 interval style on Tidemark's sessions), uuid, text and every other type
            // keep PostgreSQL's own text form
            default -> ResultSet::getString;
        };
    }

    private static Object integer(ResultSet rs, int index) throws SQLException {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
    }

    private static Object bool(ResultSet rs, int index) throws SQLException {
        boolean value = rs.getBoolean(index);
        return rs.wasNull() ? null : value;
    }

    /** Every digit as PostgreSQL prints it; NaN and infinities, which JSON numbers cannot hold, as strings. */
    private static Object number(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        if (text == null) {
            return null;
        }
        char first = text.charAt(0);
        boolean numeric = Character.isDigit(first) || (first == '-' && text.length() > 1 && Character.isDigit(text.charAt(1)));
        return numeric ? new RawJson(text) : text;
    }

    private static Object json(ResultSet rs, int index) throws SQLException {
        String text = rs.getString(index);
        return text == null ? null : new RawJson(text);
    }

    private static Object timestampWithZone(ResultSet rs, int index) throws SQLException {
        OffsetDateTime value = rs.getObject(index, OffsetDateTime.class);
        if (value == null) {
            return null;
        }
        if (value.equals(OffsetDateTime.MAX)) {
            return "infinity";
        }
        if (value.equals(OffsetDateTime.MIN)) {
            return "-infinity";
        }
        return IsoTimestamps.utcInstant(value);
    }

    private static Object timestamp(ResultSet rs, int index) throws SQLException {
        LocalDateTime value = rs.getObject(index, LocalDateTime.class);
        if (value == null) {
            return null;
        }
        if (value.equals(LocalDateTime.MAX)) {
            return "infinity";
        }
        if (value.equals(LocalDateTime.MIN)) {
            return "-infinity";
        }
        return IsoTimestamps.localDateTime(value);
    }

    private static Object date(ResultSet rs, int index) throws SQLException {
        LocalDate value = rs.getObject(index, LocalDate.class);
        if (value == null) {
            return null;
        }
        if (value.equals(LocalDate.MAX)) {
            return "infinity";
        }
        if (value.equals(LocalDate.MIN)) {
            return "-infinity";
        }
        return IsoTimestamps.date(value);
    }

    private static Object timeWithZone(ResultSet rs, int index) throws SQLException {
        OffsetTime value = rs.getObject(index, OffsetTime.class);
        return value == null ? null : DateTimeFormatter.ISO_OFFSET_TIME.format(value);
    }
}
