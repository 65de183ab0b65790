package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Turns the current result-set row into column values, one {@link ColumnReader} per column. */
public final class RowDecoder {
    private final ColumnReader[] readers;
    private final List<String> columnNames;

    RowDecoder(SourceTable table) {
        this(table.columns());
    }

    /** Decodes result columns 1..n as {@code columns} describe them. */
    public RowDecoder(List<SourceColumn> columns) {
        this.readers = columns.stream().map(ColumnReader::forColumn).toArray(ColumnReader[]::new);
        this.columnNames = columns.stream().map(SourceColumn::name).toList();
    }

    public Object[] decode(ResultSet rs) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(rs, i + 1);
        }
        return values;
    }

    int columnCount() {
        return readers.length;
    }

    public List<String> columnNames() {
        return columnNames;
    }
}
