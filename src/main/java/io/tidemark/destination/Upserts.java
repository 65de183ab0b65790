package io.tidemark.destination;

import io.tidemark.source.SqlIdentifiers;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one statement that applies the staging table to the destination table, set-based (never row by row).
 * Each stamps the rows it writes with {@code now()}, the destination transaction's start, in
 * {@link DestinationTable#SYNCED_AT}, as rows copied straight into the table get it from the column's default.
 */
final class Upserts {
    private static final String SYNCED_AT = SqlIdentifiers.quote(DestinationTable.SYNCED_AT);
    private static final String DELETED = SqlIdentifiers.quote(DestinationTable.DELETED);

    private Upserts() {
    }

    /**
     * Inserts the staged rows, or updates the rows of the same key (a row deleted before and back again is no
     * longer marked deleted). Staged rows of a row-hash key are distinct first: equal rows are one row.
     */
    static String upsert(DestinationTable target, List<String> stagedColumns) {
        String columns = DestinationTables.quoted(stagedColumns);
        String key = DestinationTables.quoted(target.key());
        String distinct = target.keyedByRowHash() ? "DISTINCT ON (" + key + ") " : "";
        String updates = stagedColumns.stream().filter(name -> !target.key().contains(name))
                .map(name -> SqlIdentifiers.quote(name) + " = EXCLUDED." + SqlIdentifiers.quote(name))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + DestinationTables.qualified(target) + " (" + columns + ", " + SYNCED_AT + ", " + DELETED + ")"
                + " SELECT " + distinct + columns + ", now(), false FROM " + BatchCopy.STAGE
                + " ON CONFLICT (" + key + ") DO UPDATE SET " + (updates.isEmpty() ? "" : updates + ", ")
                + SYNCED_AT + " = EXCLUDED." + SYNCED_AT + ", " + DELETED + " = false";
    }

    /** Marks the rows of the staged keys deleted (soft delete); keys the destination lacks change nothing. */
    static String softDelete(DestinationTable target) {
        String matches = target.key().stream()
                .map(name -> "t." + SqlIdentifiers.quote(name) + " = s." + SqlIdentifiers.quote(name))
                .collect(Collectors.joining(" AND "));
        return "UPDATE " + DestinationTables.qualified(target) + " AS t SET " + DELETED + " = true, " + SYNCED_AT + " = now()"
                + " FROM " + BatchCopy.STAGE + " AS s WHERE " + matches;
    }
}
