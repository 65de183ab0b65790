package io.tidemark.partner;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.partner.sdk.DataType;
import io.tidemark.partner.sdk.DataTypeParams;
import io.tidemark.partner.sdk.DecimalParams;
import io.tidemark.partner.sdk.ValueType;
import io.tidemark.rows.RawJson;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's types as Fivetran's {@link DataType}s, and Tidemark's lossless row values (see
 * {@link io.tidemark.rows.RowBatch}) as {@link ValueType}s of that type. The mapping is the README's
 * "Fivetran Partner SDK" table: numerics keep PostgreSQL's digits, timestamps never pass through the JVM's zone, a
 * value the type cannot hold (a timestamp outside years 1 to 9999 or infinite, a NaN numeric in a DECIMAL column)
 * becomes null, reported by the caller.
 */
public final class FivetranTypes {
    /** Fivetran's DECIMAL limits: precision at most 38, scale at most 37. */
    static final int MAX_PRECISION = 38;
    static final int MAX_SCALE = 37;
    private static final Pattern NUMERIC_TYPMOD = Pattern.compile("numeric\\((\\d+),(-?\\d+)\\)");
    private static final ValueType NULL = ValueType.newBuilder().setNull(true).build();

    private FivetranTypes() {
    }

    /** A column's Fivetran type and, for DECIMAL, its precision and scale. */
    public record Mapped(DataType type, Optional<DataTypeParams> params) {
    }

    public static Mapped of(SourceColumn column) {
        if (column.isArray()) {
            return plain(DataType.JSON);
        }
        return switch (column.baseType()) {
            case "bool" -> plain(DataType.BOOLEAN);
            case "int2" -> plain(DataType.SHORT);
            case "int4" -> plain(DataType.INT);
            case "int8", "oid", "xid", "cid" -> plain(DataType.LONG);
            case "numeric" -> numeric(column.dataType());
            case "float4" -> plain(DataType.FLOAT);
            case "float8" -> plain(DataType.DOUBLE);
            case "date" -> plain(DataType.NAIVE_DATE);
            case "timestamp" -> plain(DataType.NAIVE_DATETIME);
            case "timestamptz" -> plain(DataType.UTC_DATETIME);
            case "json", "jsonb" -> plain(DataType.JSON);
            case "bytea" -> plain(DataType.BINARY);
            case "xml" -> plain(DataType.XML);
            // text, varchar, uuid, enums, inet, time, timetz, interval and every other type: PostgreSQL's text
            default -> plain(DataType.STRING);
        };
    }

    /** numeric(p,s) within Fivetran's limits is DECIMAL; any other numeric (unconstrained, wider) keeps its text. */
    private static Mapped numeric(String declared) {
        Matcher typmod = NUMERIC_TYPMOD.matcher(declared);
        if (typmod.matches()) {
            int precision = Integer.parseInt(typmod.group(1));
            int scale = Integer.parseInt(typmod.group(2));
            if (precision <= MAX_PRECISION && scale >= 0 && scale <= MAX_SCALE && scale <= precision) {
                return new Mapped(DataType.DECIMAL, Optional.of(DataTypeParams.newBuilder()
                        .setDecimal(DecimalParams.newBuilder().setPrecision(precision).setScale(scale)).build()));
            }
        }
        return plain(DataType.STRING);
    }

    private static Mapped plain(DataType type) {
        return new Mapped(type, Optional.empty());
    }

    /** Turns one column's values into {@link ValueType}s; chosen once per column. */
    @FunctionalInterface
    public interface Converter {
        /** The value as Fivetran takes it; null when the type cannot hold it (the caller sends null and warns). */
        ValueType convert(Object value);
    }

    /** {@code null: true} for SQL NULL. */
    public static ValueType nullValue() {
        return NULL;
    }

    public static Converter converter(DataType type) {
        return switch (type) {
            case BOOLEAN -> value -> ValueType.newBuilder().setBool((Boolean) value).build();
            case SHORT -> value -> ValueType.newBuilder().setShort(((Long) value).intValue()).build();
            case INT -> value -> ValueType.newBuilder().setInt(((Long) value).intValue()).build();
            case LONG -> value -> ValueType.newBuilder().setLong((Long) value).build();
            case DECIMAL -> value -> value instanceof RawJson digits ? ValueType.newBuilder().setDecimal(digits.json()).build() : null;
            case FLOAT -> value -> ValueType.newBuilder().setFloat(Float.parseFloat(text(value))).build();
            case DOUBLE -> value -> ValueType.newBuilder().setDouble(Double.parseDouble(text(value))).build();
            case NAIVE_DATE -> value -> timestamp(value, FivetranTypes::dateAtUtcMidnight, ValueType.Builder::setNaiveDate);
            case NAIVE_DATETIME -> value -> timestamp(value, text -> LocalDateTime.parse(text).toInstant(ZoneOffset.UTC),
                    ValueType.Builder::setNaiveDatetime);
            case UTC_DATETIME -> value -> timestamp(value, Instant::parse, ValueType.Builder::setUtcDatetime);
            case BINARY -> value -> ValueType.newBuilder().setBinary(ByteString.copyFrom((byte[]) value)).build();
            case JSON -> value -> ValueType.newBuilder().setJson(text(value)).build();
            case XML -> value -> ValueType.newBuilder().setXml(text(value)).build();
            default -> value -> ValueType.newBuilder().setString(text(value)).build();
        };
    }

    private static Instant dateAtUtcMidnight(String text) {
        return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface Parse {
        Instant instant(String text);
    }

    @FunctionalInterface
    private interface Setter {
        ValueType.Builder set(ValueType.Builder builder, Timestamp timestamp);
    }

    /** Years 1 to 9999 only: 'infinity', '-infinity' and dates BC or past 9999 cannot be Fivetran timestamps. */
    private static ValueType timestamp(Object value, Parse parse, Setter setter) {
        String text = text(value);
        Instant instant;
        try {
            instant = parse.instant(text);
        } catch (DateTimeParseException notATimestamp) {
            return null; // infinity, -infinity
        }
        int year = instant.atOffset(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            return null;
        }
        Timestamp timestamp = Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
        return setter.set(ValueType.newBuilder(), timestamp).build();
    }

    private static String text(Object value) {
        return value instanceof RawJson json ? json.json() : value.toString();
    }
}
