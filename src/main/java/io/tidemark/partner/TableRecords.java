package io.tidemark.partner;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.RecordType;
import io.tidemark.partner.sdk.ValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One table's rows as Partner SDK records: {@code UPSERT}s carrying every read column (NULL as {@code null: true}),
 * and the {@code TRUNCATE} that starts a new pass. A value its column's type cannot hold is sent as null, and
 * reported once per column and {@code Update} ({@link #newWarnings()}).
 */
final class TableRecords {
    private final SourceTable table;
    private final List<String> columns;
    private final FivetranTypes.Converter[] converters;
    private final Set<String> warned = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    /** @param columns the columns as the reader returns them, in its order */
    TableRecords(SourceTable table, List<String> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.converters = new FivetranTypes.Converter[columns.size()];
        for (int i = 0; i < converters.length; i++) {
            SourceColumn column = table.column(columns.get(i)).orElseThrow(
                    () -> new IllegalStateException("a column read is not one of " + table + "'s"));
            converters[i] = FivetranTypes.converter(FivetranTypes.of(column).type());
        }
    }

    Record truncate() {
        return Record.newBuilder().setSchemaName(table.schema()).setTableName(table.name()).setType(RecordType.TRUNCATE).build();
    }

    List<Record> upserts(List<Object[]> rows) {
        List<Record> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Record.Builder record = Record.newBuilder().setSchemaName(table.schema()).setTableName(table.name())
                    .setType(RecordType.UPSERT);
            for (int i = 0; i < converters.length; i++) {
                record.putData(columns.get(i), value(i, row[i]));
            }
            records.add(record.build());
        }
        return records;
    }

    private ValueType value(int column, Object value) {
        if (value == null) {
            return FivetranTypes.nullValue();
        }
        ValueType converted = converters[column].convert(value);
        if (converted != null) {
            return converted;
        }
        String name = columns.get(column);
        if (warned.add(name)) {
            warnings.add(table + "." + name + ": '" + value + "' cannot be a Fivetran "
                    + FivetranTypes.of(table.column(name).orElseThrow()).type()
                    + " (timestamps: years 1 to 9999; decimals: numbers); sent as null, as are later values like it in this column");
        }
        return FivetranTypes.nullValue();
    }

    /** Warnings of the rows converted since the last call, each column's first only. */
    List<String> newWarnings() {
        List<String> news = List.copyOf(warnings);
        warnings.clear();
        return news;
    }
}
