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

    public Optional<SourceColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
