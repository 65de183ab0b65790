package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.rows.RawJson;
import java.io.IOException;
import java.util.Set;

/**
 * {@code tidemark.sink.flatten-json}: a value that is a JSON object (a json/jsonb document) becomes one field per
 * member, named {@code parent_child}, nested objects recursively. Everything else is written as without
 * flattening: NULL stays {@code null}, {@code ""} stays {@code ""} (the seed wrote both as {@code 'N/A'}), arrays stay
 * JSON arrays, and an empty object stays the field with the value {@code {}} (nothing to spread, nothing invented).
 * Member values are copied as PostgreSQL printed them: numbers keep every digit, arrays every byte.
 * A name that repeats another of the record (a column {@code a_b} next to a document {@code a} holding {@code b})
 * is refused with a {@link FlattenedNameCollision}, never overwritten.
 */
final class JsonFlattening {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonFlattening() {
    }

    /** Writes the column {@code name} with {@code value}, spread into fields when it is a JSON object. */
    static void writeField(JsonGenerator generator, String name, Object value, Set<String> names) throws IOException {
        if (value instanceof RawJson json && isObject(json.json())) {
            try (JsonParser parser = FACTORY.createParser(json.json())) {
                parser.nextToken();
                if (!writeMembers(generator, parser, name, json.json(), names)) {
                    writeEmptyObject(generator, name, names);
                }
            }
        } else {
            claim(names, name);
            generator.writeFieldName(name);
            RecordJson.writeValue(generator, value);
        }
    }

    /** Adds {@code name} to the record's names, refusing a repeat. */
    static void claim(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new FlattenedNameCollision(name);
        }
    }

    /**
     * Writes the members of the object the parser is at (its START_OBJECT) under {@code prefix}; false when it has
     * none. {@code source} is the parsed text, from which arrays are copied unchanged.
     */
    private static boolean writeMembers(JsonGenerator generator, JsonParser parser, String prefix, String source,
                                        Set<String> names) throws IOException {
        boolean any = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            any = true;
            String name = prefix + "_" + parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                if (!writeMembers(generator, parser, name, source, names)) {
                    writeEmptyObject(generator, name, names);
                }
                continue;
            }
            claim(names, name);
            generator.writeFieldName(name);
            switch (token) {
                case START_ARRAY -> {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    generator.writeRawValue(source, start, end - start);
                }
                // the number's text as written: no digit lost to a double or reformatted by a BigDecimal
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> generator.writeNumber(parser.getText());
                case VALUE_STRING -> generator.writeString(parser.getText());
                case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(token == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> generator.writeNull();
                default -> throw new IOException("unexpected JSON token " + token + " in " + prefix);
            }
        }
        return any;
    }

    private static void writeEmptyObject(JsonGenerator generator, String name, Set<String> names) throws IOException {
        claim(names, name);
        generator.writeFieldName(name);
        generator.writeStartObject();
        generator.writeEndObject();
    }

    private static boolean isObject(String json) {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }
}
