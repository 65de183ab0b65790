package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

    private static final SerializableString OP_NAME = new SerializedString(OP_FIELD);
    private static final SerializableString SYNCED_AT_NAME = new SerializedString(SYNCED_AT_FIELD);

    private final boolean flattenJson;

    public RecordJson(boolean flattenJson) {
        this.flattenJson = flattenJson;
    }

    /** The field names and constant values of a batch's records, JSON-encoded once for all of them. */
    public Fields fields(List<String> columns, RowBatch.Op op, String syncedAt) {
        return new Fields(columns, op, syncedAt);
    }

    /** Writes one record as one JSON object. */
    public void write(JsonGenerator generator, Fields fields, Object[] row) throws IOException {
        generator.writeStartObject();
        if (flattenJson) {
            // every name a record gets, to refuse a flattened name that repeats another rather than lose a value
            Set<String> names = new HashSet<>();
            for (int i = 0; i < row.length; i++) {
                JsonFlattening.writeField(generator, fields.columns.get(i), row[i], names);
            }
            JsonFlattening.claim(names, OP_FIELD);
            JsonFlattening.claim(names, SYNCED_AT_FIELD);
        } else {
            for (int i = 0; i < row.length; i++) {
                generator.writeFieldName(fields.names[i]);
                writeValue(generator, row[i]);
            }
        }
        generator.writeFieldName(OP_NAME);
        generator.writeString(fields.op);
        generator.writeFieldName(SYNCED_AT_NAME);
        generator.writeString(fields.syncedAt);
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

    /**
     * Names and constants that every record of a batch repeats: encoded (escaped, UTF-8) once rather than for
     * each record, where they were a third of the writing time.
     */
    public static final class Fields {
        private final List<String> columns;
        private final SerializableString[] names;
        private final SerializableString op;
        private final SerializableString syncedAt;

        private Fields(List<String> columns, RowBatch.Op op, String syncedAt) {
            this.columns = columns;
            this.names = columns.stream().map(SerializedString::new).toArray(SerializableString[]::new);
            this.op = new SerializedString(op.label());
            this.syncedAt = new SerializedString(syncedAt);
        }
    }
}
