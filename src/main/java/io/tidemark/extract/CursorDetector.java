package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a table's incremental cursor: the first name of {@code tidemark.sync.cursor-columns} (in the list's
 * order) that a column has exactly, ignoring case, and whose type is a timestamp, timestamptz, date or integer.
 * Never a substring match (a name such as {@code ID} must not match "modified"). A table needs a primary key as the
 * tie-break of rows sharing a cursor value; without one it is full-refresh only.
 */
public final class CursorDetector {
    private static final Set<String> CURSOR_TYPES = Set.of("timestamptz", "timestamp", "date", "int2", "int4", "int8");

    private final List<String> candidates;

    public CursorDetector(List<String> candidates) {
        this.candidates = candidates.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
    }

    public Optional<SourceColumn> detect(SourceTable table) {
        if (!table.hasPrimaryKey()) {
            return Optional.empty();
        }
        for (String candidate : candidates) {
            for (SourceColumn column : table.columns()) {
                if (column.name().toLowerCase(Locale.ROOT).equals(candidate) && isCursorType(column)) {
                    return Optional.of(column);
                }
            }
        }
        return Optional.empty();
    }

    /** A timestamp, timestamptz, date or integer column (not an array). */
    public static boolean isCursorType(SourceColumn column) {
        return !column.isArray() && CURSOR_TYPES.contains(column.baseType());
    }
}
