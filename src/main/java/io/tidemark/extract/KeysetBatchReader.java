package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads a table in keyset pages, each page one short read-only transaction on a pooled connection: no long
 * transaction holds back VACUUM, a failed page can be read again from the same position, and memory is bounded
 * by the batch size. The ordering key is the primary key (a snapshot) or the cursor then the primary key (an
 * incremental read, with an upper bound on the cursor). The position is the last row's key, as server text.
 */
public final class KeysetBatchReader extends PagedBatchReader {
    private final SelectStatements statements;
    private final String upperBound;
    private KeysetPosition position;

    /** A snapshot in primary-key order from the first row. */
    public KeysetBatchReader(DataSource dataSource, SourceTable table) {
        this(dataSource, table, new SelectStatements(table), KeysetPosition.START, null);
    }

    /**
     * @param upperBound the bound's value for the statements' upper-bound column; null when they have none
     */
    public KeysetBatchReader(DataSource dataSource, SourceTable table, SelectStatements statements, KeysetPosition start,
                             String upperBound) {
        super(dataSource, table);
        if (statements.keySize() == 0) {
            throw new IllegalArgumentException(table + " has no key to page on");
        }
        this.statements = statements;
        this.position = start;
        this.upperBound = upperBound;
    }

    @Override
    public List<Object[]> next(int batchSize) throws SQLException {
        List<Object[]> rows = new ArrayList<>(Math.min(batchSize, 16_384));
        String[] lastKey = inTransaction(connection -> readPage(connection, batchSize, rows));
        // Only move on once the whole page was read: a failed page is read again from the same position.
        if (lastKey != null) {
            position = KeysetPosition.after(Arrays.asList(lastKey));
        }
        hasMore = rows.size() == batchSize;
        return rows;
    }

    /** Reads the page after the position into {@code rows}; returns its last row's key, null when it is empty. */
    private String[] readPage(Connection connection, int batchSize, List<Object[]> rows) throws SQLException {
        String[] lastKey = null;
        int keySize = statements.keySize();
        try (PreparedStatement statement = connection.prepareStatement(statements.page(position))) {
            statement.setString(1, qualifiedName);
            int parameter = 2;
            for (String value : statements.filter().parameters()) {
                statement.setString(parameter++, value);
            }
            for (String value : position.values()) {
                statement.setString(parameter++, value);
            }
            if (upperBound != null) {
                statement.setString(parameter++, upperBound);
            }
            statement.setInt(parameter, batchSize);
            try (ResultSet rs = statement.executeQuery()) {
                int firstKeyColumn = decoder.columnCount() + 1;
                int columnSet = firstKeyColumn + keySize;
                while (rs.next()) {
                    if (rows.isEmpty()) {
                        columnsAre(rs.getLong(columnSet));
                    }
                    rows.add(decoder.decode(rs));
                    // only the last row's key is the next position (the page is in memory: isLast is cheap)
                    if (rs.isLast()) {
                        lastKey = new String[keySize];
                        for (int k = 0; k < keySize; k++) {
                            lastKey[k] = rs.getString(firstKeyColumn + k);
                        }
                    }
                }
            }
        }
        return lastKey;
    }

    /** After the last row read so far; the start position before any row. */
    @Override
    public KeysetPosition position() {
        return position;
    }
}
