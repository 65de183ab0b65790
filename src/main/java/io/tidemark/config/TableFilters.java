package io.tidemark.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code tidemark.sync.table-filters}: a JSON object keyed by {@code schema.table} globs, each with an optional
 * {@code where} (a SQL predicate on the table, checked against it at start-up), {@code columns} (the subset to
 * select; it must hold the primary key and the cursor) and {@code cursor} (the incremental cursor column). The
 * first glob that matches a table, in the object's order, applies.
 */
public final class TableFilters {
    public static final String KEY = "tidemark.sync.table-filters";
    private static final Set<String> FIELDS = Set.of("where", "columns", "cursor");

    private final List<TableFilter> filters;

    private TableFilters(List<TableFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /** One glob's filter; null fields are not set. */
    public record TableFilter(String glob, Pattern pattern, String where, List<String> columns, String cursor) {
    }

    public static TableFilters none() {
        return new TableFilters(List.of());
    }

    public static TableFilters parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.isBlank() ? "{}" : json);
        } catch (JsonProcessingException e) {
            throw new ConfigException(KEY, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(KEY, "must be a JSON object keyed by schema.table globs, e.g. {\"public.orders\": {\"where\": \"status <> 'test'\"}}");
        }
        List<TableFilter> filters = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = root.fields(); entries.hasNext();) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String glob = entry.getKey();
            JsonNode filter = entry.getValue();
            if (!filter.isObject()) {
                throw new ConfigException(KEY, "the filter of '" + glob + "' must be an object with where, columns or cursor");
            }
            for (Iterator<String> names = filter.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!FIELDS.contains(name)) {
                    throw new ConfigException(KEY, "the filter of '" + glob + "' has an unknown field '" + name + "' (where, columns, cursor)");
                }
            }
            filters.add(new TableFilter(glob, TableSelector.compileGlob(KEY, glob), text(glob, filter, "where"),
                    columns(glob, filter), text(glob, filter, "cursor")));
        }
        return new TableFilters(filters);
    }

    private static String text(String glob, JsonNode filter, String field) {
        JsonNode value = filter.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(KEY, "the " + field + " of '" + glob + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> columns(String glob, JsonNode filter) {
        JsonNode value = filter.get("columns");
        if (value == null) {
            return null;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new ConfigException(KEY, "the columns of '" + glob + "' must be a non-empty array of column names");
        }
        List<String> columns = new ArrayList<>();
        for (JsonNode column : value) {
            if (!column.isTextual()) {
                throw new ConfigException(KEY, "the columns of '" + glob + "' must be column names (strings)");
            }
            columns.add(column.asText());
        }
        return List.copyOf(columns);
    }

    /** The filter of {@code schema.table}: the first glob that matches it. */
    public Optional<TableFilter> forTable(String qualifiedName) {
        return filters.stream().filter(f -> f.pattern().matcher(qualifiedName).matches()).findFirst();
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }
}
