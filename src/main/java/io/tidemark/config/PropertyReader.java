package io.tidemark.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.quartz.CronExpression;

/**
 * Typed, validating access to {@link LayeredProperties}. Every failure is a {@link ConfigException} naming the
 * property. Every key read is remembered, so that {@link #rejectUnknownKeys()} can refuse typos.
 */
public final class PropertyReader {
    private final LayeredProperties properties;
    private final Set<String> read = new HashSet<>();

    public PropertyReader(LayeredProperties properties) {
        this.properties = properties;
    }

    public String string(String key) {
        read.add(key);
        return properties.get(key);
    }

    public String required(String key) {
        String value = string(key);
        if (value.isEmpty()) {
            throw new ConfigException(key, "must be set");
        }
        return value;
    }

    public List<String> list(String key) {
        String value = string(key);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                throw new ConfigException(key, "has an empty item in '" + value + "'");
            }
            items.add(trimmed);
        }
        return List.copyOf(items);
    }

    public long nonNegativeLong(String key) {
        String value = required(key);
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new ConfigException(key, "must not be negative, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, got '" + value + "'");
        }
    }

    public int nonNegativeInt(String key) {
        long value = nonNegativeLong(key);
        if (value > Integer.MAX_VALUE) {
            throw new ConfigException(key, "must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    public double percent(String key) {
        String value = required(key);
        try {
            double parsed = Double.parseDouble(value);
            if (!(parsed >= 0 && parsed <= 100)) {
                throw new ConfigException(key, "must be a percentage from 0 to 100, got " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a percentage from 0 to 100, got '" + value + "'");
        }
    }

    public boolean bool(String key) {
        String value = required(key);
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(key, "must be true or false, got '" + value + "'");
    }

    public Duration duration(String key) {
        String value = required(key);
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative()) {
                throw new ConfigException(key, "must not be negative, got " + value);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "must be an ISO-8601 duration such as PT30M or PT5S, got '" + value + "'");
        }
    }

    public String cron(String key) {
        String value = required(key);
        try {
            CronExpression.validateExpression(value);
            return value;
        } catch (java.text.ParseException e) {
            throw new ConfigException(key, "is not a valid Quartz cron expression ('" + value + "'): " + e.getMessage());
        }
    }

    public String oneOf(String key, String... allowed) {
        String value = required(key);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new ConfigException(key, "must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }

    public URI httpUrl(String key) {
        String value = required(key);
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new ConfigException(key, "must be an http(s) URL, got '" + value + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(key, "must be an http(s) URL, got '" + value + "'");
        }
    }

    /** Refuses {@code tidemark.*} keys that are neither read nor part of the contract: they are typos. */
    public void rejectUnknownKeys() {
        for (String key : properties.asMap().keySet()) {
            if (key.startsWith("tidemark.") && !read.contains(key) && !ConfigKeys.ALL.contains(key)) {
                throw new ConfigException(key, "is not a Tidemark property (check the spelling against config/application.properties)");
            }
        }
    }
}
