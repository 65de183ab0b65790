package io.tidemark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code tidemark.sync.table-filters}: a JSON object keyed by {@code schema.table} globs, each with an optional
 * {@code where} (a SQL predicate on the table, checked against it at start-up), {@code columns} (the subset to
 * select; it must hold the primary key and the cursor) and {@code cursor} (the incremental cursor column). The
 * first glob that matches a table, in the object's order, applies.
 */
public final class TableFilters {
    public static final String KEY = "tidemark.sync.table-filters";
    private static final JsonSettings.Shape SHAPE = new JsonSettings.Shape(KEY, "filter", List.of("where", "columns", "cursor"),
            "an object with where, columns or cursor", "{\"public.orders\": {\"where\": \"status <> 'test'\"}}");

    private final List<TableFilter> filters;

    private TableFilters(List<TableFilter> filters) {
        this.filters = List.copyOf(filters);
    }

    /** One glob's filter; null fields are not set. */
    public record TableFilter(String glob, Pattern pattern, String where, List<String> columns, String cursor) {
    }

    /** One glob's filter as written in the JSON. */
    private record Spec(@JsonDeserialize(using = JsonSettings.NonBlankText.class) String where,
                        @JsonDeserialize(using = ColumnNames.class) List<String> columns,
                        @JsonDeserialize(using = JsonSettings.NonBlankText.class) String cursor) {
    }

    public static TableFilters none() {
        return new TableFilters(List.of());
    }

    public static TableFilters parse(String json) {
        List<TableFilter> filters = new ArrayList<>();
        JsonSettings.entries(SHAPE, json, Spec.class).forEach((glob, spec) -> filters.add(
                new TableFilter(glob, TableSelector.compileGlob(KEY, glob), spec.where(), spec.columns(), spec.cursor())));
        return new TableFilters(filters);
    }

    /** A non-empty JSON array of column names. */
    private static final class ColumnNames extends StdDeserializer<List<String>> {
        ColumnNames() {
            super(List.class);
        }

        @Override
        public List<String> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode value = parser.readValueAsTree();
            if (!value.isArray() || value.isEmpty()) {
                throw JsonMappingException.from(parser, "must be a non-empty array of column names");
            }
            List<String> columns = new ArrayList<>();
            for (JsonNode column : value) {
                if (!column.isTextual()) {
                    throw JsonMappingException.from(parser, "must be column names (strings)");
                }
                columns.add(column.asText());
            }
            return List.copyOf(columns);
        }
    }

    /** The filter of {@code schema.table}: the first glob that matches it. */
    public Optional<TableFilter> forTable(String qualifiedName) {
        return filters.stream().filter(f -> f.pattern().matcher(qualifiedName).matches()).findFirst();
    }

    public boolean isEmpty() {
        return filters.isEmpty();
    }
}
