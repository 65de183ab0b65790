package io.tidemark.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/** The kinds of value Tidemark's settings hold, each with the one-line refusal a bad text gets. */
public final class ValueTypes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{0,100}");
    private ValueTypes() {
    }

    /** Any text, empty included. */
    public static ValueType<String> text() {
        return (key, text) -> text;
    }

    /** Text that must not be empty. */
    public static ValueType<String> required() {
        return ValueTypes::required;
    }

    private static String required(String key, String text) {
        if (text.isEmpty()) {
            throw new ConfigException(key, "must be set");
        }
        return text;
    }

    /** A comma list without empty items; empty text is the empty list. */
    public static ValueType<List<String>> list() {
        return ValueTypes::list;
    }

    private static List<String> list(String key, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigException(key, "has an empty item in '" + text + "'");
            }
            items.add(trimmed);
        }
        return List.copyOf(items);
    }

    /** A comma list of at least one item. */
    public static ValueType<List<String>> nonEmptyList(String what) {
        return (key, text) -> {
            List<String> items = list(key, text);
            if (items.isEmpty()) {
                throw new ConfigException(key, "must name at least one " + what);
            }
            return items;
        };
    }

    /** A comma list of {@code schema.table} globs, compiled. */
    public static ValueType<List<Pattern>> globs() {
        return (key, text) -> list(key, text).stream().map(glob -> TableSelector.compileGlob(key, glob)).toList();
    }

    /** A comma list of Fivetran connection ids: they become part of a request's path, so nothing else passes. */
    public static ValueType<List<String>> connectionIds() {
        return (key, text) -> {
            List<String> ids = list(key, text);
            for (String id : ids) {
                if (!TidemarkConfig.Fivetran.CONNECTION_ID.matcher(id).matches()) {
                    throw new ConfigException(key, "'" + id + "' is not a Fivetran connection id (letters, digits, _ and -)");
                }
            }
            return ids;
        };
    }

    public static ValueType<Long> nonNegativeLong() {
        return ValueTypes::nonNegativeLong;
    }

    private static long nonNegativeLong(String key, String text) {
        long parsed = parsed(key, text, Long::parseLong, "must be a whole number");
        if (parsed < 0) {
            throw new ConfigException(key, "must not be negative, got " + text);
        }
        return parsed;
    }

    /** {@code text} parsed by {@code parser}; text it refuses is "{@code expected}, got '...'". */
    private static <T> T parsed(String key, String text, Function<String, T> parser, String expected) {
        String value = required(key, text);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw new ConfigException(key, expected + ", got '" + value + "'");
        }
    }

    public static ValueType<Integer> nonNegativeInt() {
        return intAtMost(Integer.MAX_VALUE);
    }

    /** A whole number from 0 to {@code max}. */
    public static ValueType<Integer> intAtMost(int max) {
        return (key, text) -> {
            long value = nonNegativeLong(key, text);
            if (value > max) {
                throw new ConfigException(key, "must be at most " + max + ", got " + value);
            }
            return (int) value;
        };
    }

    public static ValueType<Double> percent() {
        return (key, text) -> {
            double parsed = parsed(key, text, Double::parseDouble, "must be a percentage from 0 to 100");
            if (!(parsed >= 0 && parsed <= 100)) {
                throw new ConfigException(key, "must be a percentage from 0 to 100, got " + text);
            }
            return parsed;
        };
    }

    public static ValueType<Boolean> bool() {
        return (key, text) -> {
            String value = required(key, text);
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (value.equalsIgnoreCase("false")) {
                return false;
            }
            throw new ConfigException(key, "must be true or false, got '" + value + "'");
        };
    }

    /** An ISO-8601 duration, zero or longer. */
    public static ValueType<Duration> duration() {
        return ValueTypes::duration;
    }

    private static Duration duration(String key, String text) {
        Duration parsed = parsed(key, text, Duration::parse, "must be an ISO-8601 duration such as PT30M or PT5S");
        if (parsed.isNegative()) {
            throw new ConfigException(key, "must not be negative, got " + text);
        }
        return parsed;
    }

    /** An ISO-8601 duration longer than zero. */
    public static ValueType<Duration> positiveDuration() {
        return (key, text) -> {
            Duration value = duration(key, text);
            if (value.isZero()) {
                throw new ConfigException(key, "must be longer than zero");
            }
            return value;
        };
    }

    /** An ISO-8601 duration of at least {@code minimum}. */
    public static ValueType<Duration> durationAtLeast(Duration minimum) {
        return (key, text) -> {
            Duration value = duration(key, text);
            if (value.compareTo(minimum) < 0) {
                throw new ConfigException(key, "must be at least " + minimum + ", got " + value);
            }
            return value;
        };
    }

    /**
     * Empty, or a name that reads the same in logs, records and SQL results: up to 100 letters, digits and
     * {@code . _ - : @}.
     */
    public static ValueType<String> nameOrEmpty() {
        return (key, text) -> {
            String value = text.strip();
            if (!NAME.matcher(value).matches()) {
                throw new ConfigException(key, "is not a name: up to 100 letters, digits and . _ - : @ ('" + value + "')");
            }
            return value;
        };
    }

    /** A Quartz cron expression. */
    public static ValueType<String> cron() {
        return (key, text) -> {
            String value = required(key, text);
            try {
                CronExpression.validateExpression(value);
            } catch (ParseException e) {
                throw new ConfigException(key, "is not a valid Quartz cron expression ('" + value + "'): " + e.getMessage());
            }
            return value;
        };
    }

    /** One of {@code type}'s constants, written as its {@link #label}. */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        return (key, text) -> {
            String value = required(key, text);
            for (E constant : type.getEnumConstants()) {
                if (label(constant).equals(value)) {
                    return constant;
                }
            }
            throw new ConfigException(key, "must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(ValueTypes::label).collect(Collectors.joining(", ")) + ", got '" + value + "'");
        };
    }

    /** How an enum constant is written in the configuration: {@code HIGH_VOLUME} is {@code high-volume}. */
    public static String label(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An http or https URL with a host. */
    public static ValueType<URI> httpUrl() {
        return (key, text) -> {
            String value = required(key, text);
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below, as any other non-http URL
            }
            throw new ConfigException(key, "must be an http(s) URL, got '" + value + "'");
        };
    }

    /** A PostgreSQL JDBC URL, or empty; a refused URL is shown with its password masked. */
    public static ValueType<String> postgresUrlOrEmpty() {
        return (key, text) -> {
            if (!text.isEmpty() && !text.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(key, "must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got '"
                        + JdbcUrls.redact(text) + "'");
            }
            return text;
        };
    }

    /** A time zone id such as {@code UTC} or {@code Europe/Berlin}, or empty. */
    public static ValueType<String> timeZoneOrEmpty() {
        return (key, text) -> {
            if (!text.isEmpty()) {
                try {
                    ZoneId.of(text);
                } catch (DateTimeException e) {
                    throw new ConfigException(key, "must be a time zone such as UTC or Europe/Berlin, got '" + text + "'");
                }
            }
            return text;
        };
    }

    /** A value parsed by {@code parser}, which refuses bad text with a {@link ConfigException} of its own. */
    public static <T> ValueType<T> parsedBy(Function<String, T> parser) {
        return (key, text) -> parser.apply(text);
    }
}
