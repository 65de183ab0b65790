package io.tidemark.rows;

/** Text that already is valid JSON (a json/jsonb document, an array from {@code to_json}, a numeric's digits). */
public record RawJson(String json) {
}
