package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A reader whose every page is one short read-only transaction on a pooled connection: no transaction stays open
 * between pages (nothing holds back VACUUM or a migration for longer than a page), nothing needs closing, and a
 * failed page is read again from the same position.
 *
 * <p>Each page first checks that the table's columns are those of the reader's first page (a catalog look, one
 * round trip): a column added or dropped in between, or a selected column gone (SQLSTATE 42703, also before the
 * first page), ends the reader with {@link ColumnsChangedException}, so that the table is read on with its columns
 * as they are now.
 */
abstract class PagedBatchReader implements BatchReader {
    /** SQLSTATE undefined_column: a selected column was dropped. */
    private static final String UNDEFINED_COLUMN = "42703";
    /** Changes with every column added (a new attnum) or dropped (one fewer): the table's column set, as one number. */
    private static final String COLUMN_SET = """
            SELECT count(*) * 65536 + coalesce(max(attnum), 0) FROM pg_catalog.pg_attribute
            WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped
            """;

    private final DataSource dataSource;
    private final String qualifiedName;
    protected final RowDecoder decoder;
    protected boolean hasMore = true;
    /** The column set the first page saw; null before it. */
    private Long columnSet;

    PagedBatchReader(DataSource dataSource, SourceTable table) {
        this.dataSource = dataSource;
        this.qualifiedName = SqlIdentifiers.qualified(table.schema(), table.name());
        this.decoder = new RowDecoder(table);
    }

    /** Work on the source in a transaction of its own, committed; rolled back when it fails. */
    @FunctionalInterface
    protected interface InTransaction<T> {
        T on(Connection connection) throws SQLException;
    }

    /** Work on the table in a transaction of its own, after checking its columns (see the class comment). */
    protected final <T> T inTransaction(InTransaction<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                long columnsNow = columnSet(connection);
                if (columnSet != null && columnSet != columnsNow) {
                    throw new ColumnsChangedException(qualifiedName, null);
                }
                T result = work.on(connection);
                connection.commit();
                columnSet = columnsNow;
                return result;
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                if (e instanceof SQLException sql && UNDEFINED_COLUMN.equals(sql.getSQLState())) {
                    throw new ColumnsChangedException(qualifiedName, sql);
                }
                throw e;
            }
        }
    }

    private long columnSet(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(COLUMN_SET)) {
            statement.setString(1, qualifiedName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public final boolean hasMore() {
        return hasMore;
    }

    @Override
    public final List<String> columns() {
        return decoder.columnNames();
    }

    @Override
    public final boolean canRetry() {
        return true;
    }

    @Override
    public final void close() {
        // each page used and returned its own pooled connection
    }
}
