package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads a table without a primary key in one streaming query: a read-only transaction (autoCommit off) with a
 * fetch size, so pgjdbc uses a server-side cursor and memory stays bounded by the batch. Such a table can only
 * be re-read from its start (full refresh), and the transaction stays open for the whole table.
 */
public final class StreamingBatchReader implements BatchReader {
    private final DataSource dataSource;
    private final SelectStatements statements;
    private final RowDecoder decoder;
    private Connection connection;
    private PreparedStatement statement;
    private ResultSet resultSet;
    private boolean hasMore = true;
    private boolean delivered;

    public StreamingBatchReader(DataSource dataSource, SourceTable table) {
        this(dataSource, table, RowFilter.NONE);
    }

    public StreamingBatchReader(DataSource dataSource, SourceTable table, RowFilter filter) {
        this.dataSource = dataSource;
        this.statements = new SelectStatements(table, List.of(), null, filter);
        this.decoder = new RowDecoder(table);
    }

    @Override
    public List<Object[]> next(int batchSize) throws SQLException {
        if (resultSet == null) {
            open(batchSize);
        }
        resultSet.setFetchSize(batchSize);
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 16_384));
        while (rows.size() < batchSize) {
            if (!resultSet.next()) {
                hasMore = false;
                close();
                break;
            }
            rows.add(decoder.decode(resultSet));
        }
        delivered = true;
        return rows;
    }

    private void open(int fetchSize) throws SQLException {
        connection = dataSource.getConnection();
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false); // pgjdbc streams only inside a transaction
        }
        statement = connection.prepareStatement(statements.wholeTable());
        int parameter = 1;
        for (String value : statements.filter().parameters()) {
            statement.setString(parameter++, value);
        }
        statement.setFetchSize(fetchSize);
        resultSet = statement.executeQuery();
    }

    @Override
    public boolean hasMore() {
        return hasMore;
    }

    @Override
    public List<String> columns() {
        return decoder.columnNames();
    }

    /** A stream cannot be resumed: only a failure before the first batch was delivered can be retried. */
    @Override
    public boolean canRetry() {
        if (!delivered) {
            close();
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback(); // read-only: nothing to keep
        } catch (SQLException ignored) {
            // the connection is being discarded either way
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the pool evicts a broken connection
        }
        connection = null;
        statement = null;
        resultSet = null;
    }
}
