package io.tidemark.freshness;

import io.tidemark.config.MaxAgeTables;
import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.CursorDetector;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tables that the {@code tidemark.freshness.max-age} globs name among the source's tables, each with the
 * column that dates its rows, checked against the source: every glob applies to at least one table, and each
 * table's column exists and is a timestamp, timestamptz or date.
 */
final class MaxAgeTargets {
    private static final Set<String> TIME_TYPES = Set.of("timestamptz", "timestamp", "date");

    private final TableDiscovery discovery;
    private final MaxAgeTables tables;
    private final CursorDetector cursors;

    MaxAgeTargets(TableDiscovery discovery, MaxAgeTables tables, CursorDetector cursors) {
        this.discovery = discovery;
        this.tables = tables;
        this.cursors = cursors;
    }

    /** The tables to judge in name order, or the first reason the configuration does not fit the source. */
    record Found(List<MaxAgeTarget> targets, String problem) {
    }

    Found find() throws SQLException {
        List<SourceTable> sorted = discovery.discover().stream().sorted(Comparator.comparing(SourceTable::qualifiedName)).toList();
        List<MaxAgeTarget> targets = new ArrayList<>();
        Set<MaxAge> applied = new LinkedHashSet<>();
        for (SourceTable table : sorted) {
            Optional<MaxAge> limits = tables.forTable(table.qualifiedName());
            if (limits.isEmpty()) {
                continue;
            }
            applied.add(limits.get());
            Optional<SourceColumn> column = limits.get().column() == null ? cursors.detect(table)
                    : table.column(limits.get().column());
            String problem = unusable(table, limits.get(), column);
            if (problem != null) {
                return new Found(List.of(), problem);
            }
            targets.add(new MaxAgeTarget(table, column.get(), limits.get()));
        }
        for (MaxAge entry : tables.entries()) {
            if (!applied.contains(entry)) {
                return new Found(List.of(), unapplied(entry, sorted));
            }
        }
        return new Found(targets, null);
    }

    /** Why an entry applies to no table: none matches, or earlier globs cover all it matches. */
    private String unapplied(MaxAge entry, List<SourceTable> sorted) {
        Optional<SourceTable> covered = sorted.stream()
                .filter(t -> entry.pattern().matcher(t.qualifiedName()).matches()).findFirst();
        return covered.isPresent()
                ? "'" + entry.glob() + "' only matches tables an earlier glob already covers (" + covered.get()
                + " by '" + tables.forTable(covered.get().qualifiedName()).orElseThrow().glob() + "')"
                : "'" + entry.glob() + "' matches no table of the source (tidemark.source.schemas,"
                + " include-tables and exclude-tables apply)";
    }

    /** Why the column cannot date the table's newest row; null when it can. */
    private static String unusable(SourceTable table, MaxAge limits, Optional<SourceColumn> column) {
        if (limits.column() != null) {
            if (column.isEmpty()) {
                return table + " has no column '" + limits.column() + "'";
            }
            if (!isTime(column.get())) {
                return "column '" + limits.column() + "' of " + table + " is " + column.get().dataType()
                        + ", not a timestamp, timestamptz or date";
            }
            return null;
        }
        if (column.isEmpty()) {
            return table + " has no cursor column (tidemark.sync.cursor-columns, on a table with a primary key)"
                    + " to take its age from: set its \"column\"";
        }
        if (!isTime(column.get())) {
            return "the cursor of " + table + ", '" + column.get().name() + "', is " + column.get().dataType()
                    + ", which tells no age: set a timestamp, timestamptz or date \"column\"";
        }
        return null;
    }

    private static boolean isTime(SourceColumn column) {
        return !column.isArray() && TIME_TYPES.contains(column.baseType());
    }
}
