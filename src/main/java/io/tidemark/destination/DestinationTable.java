package io.tidemark.destination;

import java.util.List;
import java.util.Optional;

/**
 * A destination table as the sink writes it: its columns with their PostgreSQL types ({@code format_type} text)
 * and the key that upserts go by: the source's primary key, or {@link #ROW_HASH} for a table without one.
 * Tidemark's own columns ({@link #SYNCED_AT}, {@link #DELETED}, the row hash) are part of {@code columns}.
 */
public record DestinationTable(String schema, String name, List<Column> columns, List<String> key) {
    /** When the row's latest version was written: the start of the destination transaction that wrote it. */
    public static final String SYNCED_AT = "_tidemark_synced_at";
    /** A row deleted in the source stays, marked deleted (soft delete). */
    public static final String DELETED = "_tidemark_deleted";
    /** The key of a table without a primary key: a hash of the row's values. */
    public static final String ROW_HASH = "_tidemark_row_hash";
    /** Every column name Tidemark adds starts with this. */
    public static final String OWN_PREFIX = "_tidemark_";

    public record Column(String name, String type) {
    }

    public boolean keyedByRowHash() {
        return key.equals(List.of(ROW_HASH));
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** {@code "schema"."name"}, as shown in messages. */
    public String displayName() {
        return schema + "." + name;
    }
}
