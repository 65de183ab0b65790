package io.tidemark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tidemark.freshness.max-age}: a JSON object keyed by {@code schema.table} globs, each with
 * {@code error-after} (required) and optional {@code warn-after} (ISO-8601 durations), {@code column} (the
 * timestamp to judge; default the table's detected cursor) and {@code connection-id} (a comma list; default
 * {@code tidemark.fivetran.connection-id}). The first glob that matches a table, in the object's order, applies,
 * as in {@link TableFilters}. Whether the tables and columns exist is checked against the source at start-up,
 * not here.
 */
public final class MaxAgeTables {
    public static final String KEY = "tidemark.freshness.max-age";
    private static final List<String> FIELDS = List.of("error-after", "warn-after", "column", "connection-id");
    /** What Fivetran connection ids look like; anything else is a typo or a pasted URL. */
    private static final Pattern CONNECTION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // a repeated glob would silently keep only its last entry
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<MaxAge> entries;

    private MaxAgeTables(List<MaxAge> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One glob's limits.
     *
     * @param warnAfter     null when not set
     * @param column        null for the table's detected cursor
     * @param connectionIds null for the configured default connections
     */
    public record MaxAge(String glob, Pattern pattern, Duration errorAfter, Duration warnAfter, String column,
                         List<String> connectionIds) {
    }

    public static MaxAgeTables none() {
        return new MaxAgeTables(List.of());
    }

    public static MaxAgeTables parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(KEY, "is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(KEY, "must be a JSON object keyed by schema.table globs,"
                    + " e.g. {\"public.orders\": {\"error-after\": \"PT6H\"}}");
        }
        List<MaxAge> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            entries.add(entry(field.getKey(), field.getValue()));
        }
        return new MaxAgeTables(entries);
    }

    private static MaxAge entry(String glob, JsonNode entry) {
        if (!entry.isObject()) {
            throw new ConfigException(KEY, "the entry of '" + glob + "' must be an object with error-after"
                    + " (and optionally " + String.join(", ", FIELDS.subList(1, FIELDS.size())) + ")");
        }
        for (Iterator<String> names = entry.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ConfigException(KEY, "the entry of '" + glob + "' has an unknown field '" + name + "' ("
                        + String.join(", ", FIELDS) + ")");
            }
        }
        Pattern pattern = TableSelector.compileGlob(KEY, glob);
        if (entry.get("error-after") == null) {
            throw new ConfigException(KEY, "the entry of '" + glob + "' needs error-after (an ISO-8601 duration such as PT6H)");
        }
        Duration errorAfter = duration(glob, entry, "error-after");
        Duration warnAfter = entry.get("warn-after") == null ? null : duration(glob, entry, "warn-after");
        if (warnAfter != null && warnAfter.compareTo(errorAfter) > 0) {
            throw new ConfigException(KEY, "the warn-after of '" + glob + "' (" + warnAfter + ") must not exceed its error-after ("
                    + errorAfter + ")");
        }
        String column = text(glob, entry, "column");
        String connections = text(glob, entry, "connection-id");
        return new MaxAge(glob, pattern, errorAfter, warnAfter, column,
                connections == null ? null : connectionIds(glob, connections));
    }

    private static Duration duration(String glob, JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        String problem = "the " + field + " of '" + glob + "' must be an ISO-8601 duration such as PT6H or P1D, got ";
        if (!value.isTextual()) {
            throw new ConfigException(KEY, problem + value);
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new ConfigException(KEY, problem + "'" + value.asText() + "'");
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new ConfigException(KEY, "the " + field + " of '" + glob + "' must be longer than zero, got " + value.asText());
        }
        return parsed;
    }

    private static String text(String glob, JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(KEY, "the " + field + " of '" + glob + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> connectionIds(String glob, String list) {
        Set<String> ids = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            String id = item.trim();
            if (id.isEmpty()) {
                throw new ConfigException(KEY, "the connection-id of '" + glob + "' has an empty item in '" + list + "'");
            }
            if (!CONNECTION_ID.matcher(id).matches()) {
                throw new ConfigException(KEY, "the connection-id of '" + glob + "' has '" + id
                        + "', which is not a Fivetran connection id (1 to 64 of A-Z, a-z, 0-9, _ and -)");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** The entry of {@code schema.table}: the first glob that matches it. */
    public Optional<MaxAge> forTable(String qualifiedName) {
        return entries.stream().filter(e -> e.pattern().matcher(qualifiedName).matches()).findFirst();
    }

    /** Every entry, in the JSON object's order. */
    public List<MaxAge> entries() {
        return entries;
    }

    /** Whether every entry names its own connections (so none needs {@code tidemark.fivetran.connection-id}). */
    public boolean everyEntryNamesConnections() {
        return entries().stream().allMatch(entry -> entry.connectionIds() != null);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
