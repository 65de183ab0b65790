package io.tidemark.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
    private static final JsonSettings.Shape SHAPE = new JsonSettings.Shape(KEY, "entry",
            List.of("error-after", "warn-after", "column", "connection-id"),
            "an object with error-after (and optionally warn-after, column, connection-id)",
            "{\"public.orders\": {\"error-after\": \"PT6H\"}}");

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

    /** One glob's limits as written in the JSON. */
    private record Spec(@JsonProperty("error-after") @JsonDeserialize(using = JsonSettings.PositiveDuration.class) Duration errorAfter,
                        @JsonProperty("warn-after") @JsonDeserialize(using = JsonSettings.PositiveDuration.class) Duration warnAfter,
                        @JsonDeserialize(using = JsonSettings.NonBlankText.class) String column,
                        @JsonProperty("connection-id") @JsonDeserialize(using = JsonSettings.NonBlankText.class) String connectionId) {
    }

    public static MaxAgeTables none() {
        return new MaxAgeTables(List.of());
    }

    public static MaxAgeTables parse(String json) {
        List<MaxAge> entries = new ArrayList<>();
        JsonSettings.entries(SHAPE, json, Spec.class).forEach((glob, spec) -> entries.add(entry(glob, spec)));
        return new MaxAgeTables(entries);
    }

    private static MaxAge entry(String glob, Spec spec) {
        Pattern pattern = TableSelector.compileGlob(KEY, glob);
        if (spec.errorAfter() == null) {
            throw new ConfigException(KEY, "the entry of '" + glob + "' needs error-after (an ISO-8601 duration such as PT6H)");
        }
        if (spec.warnAfter() != null && spec.warnAfter().compareTo(spec.errorAfter()) > 0) {
            throw new ConfigException(KEY, "the warn-after of '" + glob + "' (" + spec.warnAfter() + ") must not exceed its"
                    + " error-after (" + spec.errorAfter() + ")");
        }
        return new MaxAge(glob, pattern, spec.errorAfter(), spec.warnAfter(), spec.column(),
                spec.connectionId() == null ? null : connectionIds(glob, spec.connectionId()));
    }

    private static List<String> connectionIds(String glob, String list) {
        Set<String> ids = new LinkedHashSet<>();
        for (String item : list.split(",", -1)) {
            String id = item.trim();
            if (id.isEmpty()) {
                throw new ConfigException(KEY, "the connection-id of '" + glob + "' has an empty item in '" + list + "'");
            }
            if (!TidemarkConfig.Fivetran.CONNECTION_ID.matcher(id).matches()) {
                throw new ConfigException(KEY, "the connection-id of '" + glob + "' has '" + id
                        + "', which is not a Fivetran connection id (1 to 64 of A-Z, a-z, 0-9, _ and -)");
            }
            ids.add(id);
        }
        return List.copyOf(ids);
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
