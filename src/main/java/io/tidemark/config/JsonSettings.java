package io.tidemark.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON settings keyed by {@code schema.table} globs ({@link TableFilters}, {@link MaxAgeTables}), bound with
 * Jackson into records. Every problem becomes one line naming the setting, the glob and the field.
 */
final class JsonSettings {
    private static final ObjectMapper JSON = new ObjectMapper()
            // a repeated glob would silently keep only its last entry
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JsonSettings() {
    }

    /**
     * What one setting's entries are called in messages.
     *
     * @param entry   "filter" or "entry": the word for one glob's object
     * @param fields  the entry's fields, as listed when an unknown one is found
     * @param entryExpected what an entry must be, shown when one is no object
     * @param example a valid value, shown when the whole value is no object
     */
    record Shape(String key, String entry, List<String> fields, String entryExpected, String example) {
        ConfigException problem(String text) {
            return new ConfigException(key, text);
        }

        ConfigException entryProblem(String glob) {
            return problem("the " + entry + " of '" + glob + "' must be " + entryExpected);
        }
    }

    /** The value's entries by glob, in the JSON object's order; an empty text is an empty object. */
    static <T> Map<String, T> entries(Shape shape, String json, Class<T> entryType) {
        JavaType type = JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, entryType);
        Map<String, T> entries;
        try {
            entries = JSON.readValue(json.isBlank() ? "{}" : json, type);
        } catch (UnrecognizedPropertyException e) {
            throw shape.problem("the " + shape.entry() + " of '" + glob(e) + "' has an unknown field '" + e.getPropertyName()
                    + "' (" + String.join(", ", shape.fields()) + ")");
        } catch (JsonMappingException e) {
            throw mismatch(shape, e);
        } catch (JsonProcessingException e) {
            throw shape.problem("is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (entries == null) {
            throw shape.problem("must be a JSON object keyed by schema.table globs, e.g. " + shape.example());
        }
        entries.forEach((glob, entry) -> {
            if (entry == null) {
                throw shape.entryProblem(glob);
            }
        });
        return entries;
    }

    private static ConfigException mismatch(Shape shape, JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return shape.problem("must be a JSON object keyed by schema.table globs, e.g. " + shape.example());
        }
        if (path.size() == 1) {
            return shape.entryProblem(glob(e));
        }
        return shape.problem("the " + path.get(1).getFieldName() + " of '" + glob(e) + "' " + firstLine(e.getOriginalMessage()));
    }

    private static String glob(JsonMappingException e) {
        return e.getPath().get(0).getFieldName();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** A non-blank JSON string; anything else (a number, an array, blank text, null) is refused. */
    static final class NonBlankText extends StdDeserializer<String> {
        NonBlankText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING || parser.getText().isBlank()) {
                throw refused(parser, "must be a non-empty string");
            }
            return parser.getText();
        }

        /** A field left out is not set; only an explicit null is refused. */
        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }

        @Override
        public String getNullValue(DeserializationContext context) throws JsonMappingException {
            throw JsonMappingException.from(context, "must be a non-empty string");
        }
    }

    /** An ISO-8601 duration longer than zero, written as a JSON string. */
    static final class PositiveDuration extends StdDeserializer<Duration> {
        private static final String EXPECTED = "must be an ISO-8601 duration such as PT6H or P1D, got ";

        PositiveDuration() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw refused(parser, EXPECTED + parser.getText());
            }
            String text = parser.getText();
            Duration duration;
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw refused(parser, EXPECTED + "'" + text + "'");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw refused(parser, "must be longer than zero, got " + text);
            }
            return duration;
        }

        /** A field left out is not set; only an explicit null is refused. */
        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }

        @Override
        public Duration getNullValue(DeserializationContext context) throws JsonMappingException {
            throw JsonMappingException.from(context, EXPECTED + "null");
        }
    }

    private static JsonMappingException refused(JsonParser parser, String problem) {
        return JsonMappingException.from(parser, problem);
    }
}
