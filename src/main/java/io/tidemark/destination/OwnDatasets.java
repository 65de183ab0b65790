package io.tidemark.destination;

import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import io.tidemark.rows.DatasetNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tidemark's own datasets ({@code _tidemark.<name>}) as destination tables {@code _tidemark_<name>}. They have
 * no catalog to map types from, so a column's type comes from its values; their keys make a batch written again
 * change nothing: a table's record per cycle is keyed by run and table, a column's by run, table and column, and
 * the freshness records (which carry their check's id) by their row hash.
 */
final class OwnDatasets {
    private static final Map<String, List<String>> KEYS = Map.of(
            DatasetNames.SYNC_RUNS, List.of("run_id", "table"),
            DatasetNames.POSTGRES_TABLES, List.of("run_id", "table"),
            DatasetNames.POSTGRES_COLUMNS, List.of("run_id", "table", "column_name"));
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");

    private OwnDatasets() {
    }

    static boolean isOwn(String dataset) {
        return dataset.startsWith(DatasetNames.OWN_PREFIX);
    }

    /** {@code _tidemark.sync_runs} → {@code _tidemark_sync_runs}. */
    static String tableName(String dataset) {
        return "_tidemark_" + dataset.substring(DatasetNames.OWN_PREFIX.length());
    }

    static List<String> key(String dataset) {
        return KEYS.getOrDefault(dataset, List.of(DestinationTable.ROW_HASH));
    }

    /**
     * Each column's type from the batch's values: integers {@code bigint}, booleans {@code boolean}, numbers
     * {@code numeric}, other JSON {@code jsonb}, bytes {@code bytea}, ISO instants {@code timestamptz}, any other
     * text (and a column with no value yet) {@code text}.
     */
    static List<DestinationTable.Column> inferColumns(RowBatch batch) {
        List<DestinationTable.Column> columns = new ArrayList<>();
        for (int i = 0; i < batch.columns().size(); i++) {
            String type = null;
            for (Object[] row : batch.rows()) {
                String valueType = typeOf(row[i]);
                if (valueType != null) {
                    type = type == null || type.equals(valueType) ? valueType : wider(type, valueType);
                }
            }
            columns.add(new DestinationTable.Column(batch.columns().get(i), type == null ? "text" : type));
        }
        return columns;
    }

    private static String wider(String one, String other) {
        boolean numbers = (one.equals("bigint") || one.equals("numeric")) && (other.equals("bigint") || other.equals("numeric"));
        return numbers ? "numeric" : "text";
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer) {
            return "bigint";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof byte[]) {
            return "bytea";
        }
        if (value instanceof RawJson json) {
            return NUMBER.matcher(json.json()).matches() ? "numeric" : "jsonb";
        }
        return isInstant(value.toString()) ? DestinationTables.TIMESTAMPTZ : "text";
    }

    private static boolean isInstant(String text) {
        if (!text.endsWith("Z")) {
            return false;
        }
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
