package io.tidemark.extract;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Turns the current result-set row into the table's column values, one {@link ColumnReader} per column. */
final class RowDecoder {
    private final ColumnReader[] readers;
    private final List<String> columnNames;

    RowDecoder(SourceTable table) {
        this.readers = table.columns().stream().map(ColumnReader::forColumn).toArray(ColumnReader[]::new);
        this.columnNames = table.columns().stream().map(SourceColumn::name).toList();
    }

    Object[] decode(ResultSet rs) throws SQLException {
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
            values[i] = readers[i].read(rs, i + 1);
        }
        return values;
    }

    int columnCount() {
        return readers.length;
    }

    List<String> columnNames() {
        return columnNames;
    }
}
