package io.tidemark.source;

/** Quoting of PostgreSQL identifiers; values are never put into SQL text, they are bound. */
public final class SqlIdentifiers {
    private SqlIdentifiers() {
    }

    /** {@code "name"}, with embedded double quotes doubled; safe for any name, mixed case or reserved. */
    public static String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
