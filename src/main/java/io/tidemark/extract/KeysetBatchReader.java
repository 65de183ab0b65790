package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import io.tidemark.source.ReadTransactions;
import javax.sql.DataSource;

/**
 * Reads a table with a primary key in keyset pages, each page one short read-only transaction on a pooled
 * connection: no long transaction holds back VACUUM, a failed page can be read again from the same position,
 * and memory is bounded by the batch size. The position is the last row's key, kept as server text.
 */
public final class KeysetBatchReader implements BatchReader {
    private final DataSource dataSource;
    private final SelectStatements statements;
    private final RowDecoder decoder;
    private final int keyCount;
    private String[] lastKey;
    private boolean hasMore = true;

    public KeysetBatchReader(DataSource dataSource, SourceTable table) {
        if (!table.hasPrimaryKey()) {
            throw new IllegalArgumentException(table + " has no primary key");
        }
        this.dataSource = dataSource;
        this.statements = new SelectStatements(table);
        this.decoder = new RowDecoder(table);
        this.keyCount = table.primaryKey().size();
    }

    @Override
    public List<Object[]> next(int batchSize) throws SQLException {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 16_384));
        String[] newLastKey = lastKey;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement(lastKey == null ? statements.firstPage() : statements.nextPage())) {
                int parameter = 1;
                if (lastKey != null) {
                    for (String keyValue : lastKey) {
                        statement.setString(parameter++, keyValue);
                    }
                }
                statement.setInt(parameter, batchSize);
                try (ResultSet rs = statement.executeQuery()) {
                    int firstKeyColumn = decoder.columnCount() + 1;
                    while (rs.next()) {
                        rows.add(decoder.decode(rs));
                        // the key of the row read last; cheaper than asking the driver whether a row is the last
                        newLastKey = new String[keyCount];
                        for (int k = 0; k < keyCount; k++) {
                            newLastKey[k] = rs.getString(firstKeyColumn + k);
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        }
        // Only move on once the whole page was read: a failed page is read again from the same position.
        lastKey = newLastKey;
        hasMore = rows.size() == batchSize;
        return rows;
    }

    @Override
    public boolean hasMore() {
        return hasMore;
    }

    @Override
    public List<String> columns() {
        return decoder.columnNames();
    }

    @Override
    public boolean canRetry() {
        return true;
    }

    @Override
    public String mode() {
        return "keyset";
    }

    @Override
    public void close() {
        // each page used and returned its own pooled connection
    }
}
