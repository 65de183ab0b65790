package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A reader whose every page is one short read-only transaction on a pooled connection: no transaction stays open
 * between pages (nothing holds back VACUUM or a migration for longer than a page), nothing needs closing, and a
 * failed page is read again from the same position.
 */
abstract class PagedBatchReader implements BatchReader {
    private final DataSource dataSource;
    protected final RowDecoder decoder;
    protected boolean hasMore = true;

    PagedBatchReader(DataSource dataSource, SourceTable table) {
        this.dataSource = dataSource;
        this.decoder = new RowDecoder(table);
    }

    /** Work on the source in a transaction of its own, committed; rolled back when it fails. */
    @FunctionalInterface
    protected interface InTransaction<T> {
        T on(Connection connection) throws SQLException;
    }

    protected final <T> T inTransaction(InTransaction<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
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
