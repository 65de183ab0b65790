package io.tidemark.discovery;

import java.util.List;
import java.util.Optional;

/**
 * A discovered table: identity, size estimate, columns and primary key (in key order; empty when it has none).
 *
 * @param rowsSource where {@code estimatedRows} comes from: {@code reltuples}, {@code n_live_tup} or {@code count}
 */
public record SourceTable(long oid, String schema, String name, boolean partitioned, long estimatedRows,
                          String rowsSource, long totalBytes, String comment, List<SourceColumn> columns,
                          List<String> primaryKey, SizeCategory category) {

    /** {@code schema.table}, unquoted: the name used in output folders, records and globs. */
    public String qualifiedName() {
        return schema + "." + name;
    }

    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** The same table with only the named columns selected, in the table's column order. */
    public SourceTable withColumns(List<String> names) {
        List<SourceColumn> selected = columns.stream().filter(c -> names.contains(c.name())).toList();
        return new SourceTable(oid, schema, name, partitioned, estimatedRows, rowsSource, totalBytes, comment, selected,
                primaryKey, category);
    }

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
