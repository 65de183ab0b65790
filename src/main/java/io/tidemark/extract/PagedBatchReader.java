package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A reader whose every page is one short read-only transaction on a pooled connection: no transaction stays open
 * between pages (nothing holds back VACUUM or a migration for longer than a page), nothing needs closing, and a
 * failed page is read again from the same position.
 *
 * <p>Each page also reads the table's column set ({@link SelectStatements#COLUMN_SET}, in the same statement): a
 * column added or dropped since the reader's first page, or a selected column gone (SQLSTATE 42703, also before
 * the first page), ends the reader with {@link ColumnsChangedException}, so that the table is read on with its
 * columns as they are now.
 */
abstract class PagedBatchReader implements BatchReader {
    /** SQLSTATE undefined_column: a selected column was dropped. */
    private static final String UNDEFINED_COLUMN = "42703";
    private final DataSource dataSource;
    /** The table's name as {@code regclass} input, bound for its column set. */
    protected final String qualifiedName;
    protected final RowDecoder decoder;
    protected boolean hasMore = true;
    /** The column set the first page saw; null before it. */
    private Long columnSet;

    PagedBatchReader(DataSource dataSource, SourceTable table) {
        this.dataSource = dataSource;
        this.qualifiedName = SqlIdentifiers.qualified(table.schema(), table.name());
        this.decoder = new RowDecoder(table);
    }

    /** Work on the table in a transaction of its own; a selected column gone ends the reader (see the class comment). */
    protected final <T> T inTransaction(ReadTransactions.Work<T> work) throws SQLException {
        try {
            return ReadTransactions.inTransaction(dataSource, work);
        } catch (SQLException e) {
            if (UNDEFINED_COLUMN.equals(e.getSQLState()) && !(e instanceof ColumnsChangedException)) {
                throw new ColumnsChangedException(qualifiedName, e);
            }
            throw e;
        }
    }

    /**
     * The table's column set as a page saw it: the first page's is remembered, and any other ends the reader. Call
     * it before the page's rows are taken (its transaction is then rolled back).
     */
    protected final void columnsAre(long columnSet) throws ColumnsChangedException {
        if (this.columnSet == null) {
            this.columnSet = columnSet;
        } else if (this.columnSet != columnSet) {
            throw new ColumnsChangedException(qualifiedName, null);
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
