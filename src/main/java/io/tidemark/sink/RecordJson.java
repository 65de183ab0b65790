package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import java.io.IOException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One record as the sinks write it, the same JSON object for a JSONL line and for an element of an endpoint
 * message: every column by name with its lossless value (see {@link RowBatch}), then {@link #OP_FIELD} and
 * {@link #SYNCED_AT_FIELD}. With {@code flattenJson}, JSON objects are spread into {@code parent_child} fields
 * ({@link JsonFlattening}).
 */
public final class RecordJson {
    public static final String OP_FIELD = "_tidemark_op";
    public static final String SYNCED_AT_FIELD = "_tidemark_synced_at";

    private final boolean flattenJson;

    public RecordJson(boolean flattenJson) {
        this.flattenJson = flattenJson;
    }

    /** Writes one record as one JSON object. */
    public void write(JsonGenerator generator, List<String> columns, Object[] row, RowBatch.Op op, String syncedAt)
            throws IOException {
        generator.writeStartObject();
        if (flattenJson) {
            // every name a record gets, to refuse a flattened name that repeats another rather than lose a value
            Set<String> names = new HashSet<>();
            for (int i = 0; i < row.length; i++) {
                JsonFlattening.writeField(generator, columns.get(i), row[i], names);
            }
            JsonFlattening.claim(names, OP_FIELD);
            JsonFlattening.claim(names, SYNCED_AT_FIELD);
        } else {
            for (int i = 0; i < row.length; i++) {
                generator.writeFieldName(columns.get(i));
                writeValue(generator, row[i]);
            }
        }
        generator.writeStringField(OP_FIELD, op.label());
        generator.writeStringField(SYNCED_AT_FIELD, syncedAt);
        generator.writeEndObject();
    }

    /** Writes one value as the sinks write it (also used for key logs, so keys keep their JSON types). */
    public static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof RawJson json) {
            generator.writeRawValue(json.json());
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof byte[] bytes) {
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
        } else {
            generator.writeString(value.toString());
        }
    }
}
