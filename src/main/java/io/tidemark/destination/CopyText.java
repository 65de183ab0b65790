package io.tidemark.destination;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.rows.RawJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Values of a {@code RowBatch} as fields of PostgreSQL's COPY text format, for a column of a given destination
 * type. The batch holds PostgreSQL's own text forms (see {@code RowBatch}); what differs from the input syntax is
 * converted here: arrays arrive as JSON ({@code to_json}) and become array literals, {@code bytea} arrives as
 * bytes and becomes {@code \x} hex, ISO dates before year 1 become {@code BC} dates, and the JSON-typed key
 * values of delete records are unwrapped. NULL is {@code \N}, so an empty string stays an empty string; the
 * format's special characters (backslash, newline, carriage return, tab) are escaped.
 */
final class CopyText {
    static final String NULL = "\\N";
    private static final JsonFactory JSON = new JsonFactory();
    private static final HexFormat HEX = HexFormat.of();

    /** How a column's values are converted, from its destination type. */
    enum Kind {
        PLAIN, JSON, ARRAY, JSON_ARRAY, BYTEA, DATE_TIME;

        static Kind of(String destinationType) {
            String type = destinationType.toLowerCase(Locale.ROOT);
            if (type.endsWith("[]")) {
                return type.startsWith("json") ? JSON_ARRAY : ARRAY;
            }
            if (type.equals("json") || type.equals("jsonb")) {
                return JSON;
            }
            if (type.equals("bytea")) {
                return BYTEA;
            }
            return type.equals("date") || type.startsWith("timestamp") ? DATE_TIME : PLAIN;
        }
    }

    private CopyText() {
    }

    /** The value's text in PostgreSQL's input syntax for the column, unescaped; null for NULL. */
    static String text(Object value, Kind kind) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean bool) {
            return bool ? "t" : "f";
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HEX.formatHex(bytes);
        }
        if (value instanceof RawJson json) {
            return rawJson(json.json(), kind);
        }
        String text = value.toString();
        return kind == Kind.DATE_TIME ? isoDateTime(text) : text;
    }

    private static String rawJson(String json, Kind kind) {
        switch (kind) {
            case JSON:
                return json;
            case ARRAY:
            case JSON_ARRAY:
                return json.startsWith("[") ? arrayLiteral(json, kind == Kind.JSON_ARRAY) : json;
            default:
                if (!json.startsWith("\"")) {
                    return json; // a number's digits, true or false
                }
                // a key of a delete record, logged as JSON: a string (bytea as base64, as the file sink writes it)
                String text = jsonString(json);
                if (kind == Kind.BYTEA) {
                    return "\\x" + HEX.formatHex(Base64.getDecoder().decode(text));
                }
                return kind == Kind.DATE_TIME ? isoDateTime(text) : text;
        }
    }

    /**
     * ISO-8601 as Java prints it, in PostgreSQL's input syntax: a {@code +} before a five-digit year is dropped,
     * and astronomical years 0 and below are BC years ({@code -0043-03-15} is {@code 0044-03-15 BC}).
     */
    static String isoDateTime(String text) {
        if (text.startsWith("+")) {
            return text.substring(1);
        }
        boolean negative = text.startsWith("-");
        if (negative && text.equals("-infinity")) {
            return text;
        }
        int yearEnd = text.indexOf('-', 1);
        if (yearEnd < 0 || !(negative || text.startsWith("0000-"))) {
            return text; // year 1 or later (or infinity): PostgreSQL reads it as it is
        }
        long astronomical = Long.parseLong(text.substring(0, yearEnd));
        return String.format(Locale.ROOT, "%04d", 1 - astronomical) + text.substring(yearEnd) + " BC";
    }

    /**
     * A JSON array (as {@code to_json} prints arrays, nested for more dimensions) as a PostgreSQL array literal.
     * In a json or jsonb array a nested JSON array is an element, not a dimension: {@code to_json} prints both
     * alike, and arrays of JSON documents are the common case.
     */
    static String arrayLiteral(String json, boolean jsonElements) {
        StringBuilder literal = new StringBuilder(json.length() + 8);
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            appendArray(parser, literal, jsonElements);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON array: " + e.getMessage(), e);
        }
        return literal.toString();
    }

    /** The parser is on the array's START_ARRAY; leaves it on the matching END_ARRAY. */
    private static void appendArray(JsonParser parser, StringBuilder literal, boolean jsonElements) throws IOException {
        literal.append('{');
        boolean first = true;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (!first) {
                literal.append(',');
            }
            first = false;
            if (token == JsonToken.VALUE_NULL) {
                literal.append("NULL");
            } else if (jsonElements || token == JsonToken.START_OBJECT) {
                quoteElement(literal, elementJson(parser)); // a document, or a composite value's to_json
            } else if (token == JsonToken.START_ARRAY) {
                appendArray(parser, literal, false);
            } else {
                quoteElement(literal, parser.getText()); // strings unwrapped; numbers keep their digits exactly
            }
        }
        literal.append('}');
    }

    private static String elementJson(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    private static void quoteElement(StringBuilder literal, String element) {
        literal.append('"');
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append('\\');
            }
            literal.append(c);
        }
        literal.append('"');
    }

    private static String jsonString(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON string: " + e.getMessage(), e);
        }
    }

    /**
     * Appends a field: {@code \N} for NULL, otherwise the text with COPY's special characters escaped. Most values
     * have none, and are appended whole (one array copy, not a call per character).
     */
    static void appendField(StringBuilder line, String text) {
        if (text == null) {
            line.append(NULL);
            return;
        }
        int from = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char escaped = switch (text.charAt(i)) {
                case '\\' -> '\\';
                case '\n' -> 'n';
                case '\r' -> 'r';
                case '\t' -> 't';
                default -> 0;
            };
            if (escaped != 0) {
                line.append(text, from, i).append('\\').append(escaped);
                from = i + 1;
            }
        }
        if (from == 0) {
            line.append(text);
        } else {
            line.append(text, from, length);
        }
    }
}
