package io.tidemark.run;

import io.tidemark.config.ConfigException;
import io.tidemark.config.TableFilters.TableFilter;
import io.tidemark.config.TableFilters;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.CursorDetector;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks {@code tidemark.sync.table-filters} against the discovered tables before anything runs: the columns
 * exist and hold the primary key and the cursor, the cursor is a cursor type, and the {@code where} runs on the
 * table ({@code SELECT ... WHERE (...) LIMIT 0}). A filter that does not fit is a configuration error naming
 * the table.
 */
public final class TableFilterCheck {
    private final DataSource source;
    private final CursorDetector cursors;

    public TableFilterCheck(DataSource source, CursorDetector cursors) {
        this.source = source;
        this.cursors = cursors;
    }

    public void check(TableFilters filters, List<SourceTable> tables) throws SQLException {
        for (SourceTable table : tables) {
            Optional<TableFilter> found = filters.forTable(table.qualifiedName());
            if (found.isPresent()) {
                check(table, found.get());
            }
        }
    }

    private void check(SourceTable table, TableFilter filter) throws SQLException {
        String name = table.qualifiedName();
        Optional<SourceColumn> cursor = cursors.detect(table);
        if (filter.cursor() != null) {
            cursor = table.column(filter.cursor());
            if (cursor.isEmpty()) {
                throw refused(name, "its cursor '" + filter.cursor() + "' is not a column of the table");
            }
            if (!CursorDetector.isCursorType(cursor.get())) {
                throw refused(name, "its cursor '" + filter.cursor() + "' is " + cursor.get().dataType()
                        + ", not a timestamp, timestamptz, date or integer");
            }
        }
        if (filter.columns() != null) {
            for (String column : filter.columns()) {
                if (table.column(column).isEmpty()) {
                    throw refused(name, "column '" + column + "' is not a column of the table");
                }
            }
            for (String key : table.primaryKey()) {
                if (!filter.columns().contains(key)) {
                    throw refused(name, "columns must include the primary key column '" + key + "'");
                }
            }
            if (cursor.isPresent() && !filter.columns().contains(cursor.get().name())) {
                throw refused(name, "columns must include the cursor column '" + cursor.get().name() + "'");
            }
        }
        if (filter.where() != null) {
            checkWhere(table, filter.where());
        }
    }

    private void checkWhere(SourceTable table, String where) throws SQLException {
        try (Connection connection = source.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1 FROM " + SqlIdentifiers.qualified(table.schema(), table.name())
                        + " WHERE (" + where + ") LIMIT 0");
                connection.commit();
            } catch (SQLException e) {
                ReadTransactions.rollbackAfter(connection, e);
                String reason = ReadTransactions.firstLine(e);
                throw refused(table.qualifiedName(), "its where (" + where + ") does not run on the table: " + reason);
            }
        }
    }

    private static ConfigException refused(String table, String problem) {
        return new ConfigException(TableFilters.KEY, "filter of " + table + ": " + problem);
    }
}
