package io.tidemark.extract;

import java.sql.SQLException;
import java.util.List;

/** Reads a table batch by batch. Not thread-safe: one reader per table extraction. */
public interface BatchReader extends AutoCloseable {

    /** Up to {@code batchSize} rows, each an array of column values in {@link #columns()} order. */
    List<Object[]> next(int batchSize) throws SQLException;

    /** False once a batch came back short: the table is exhausted. */
    boolean hasMore();

    List<String> columns();

    /** Whether a failed {@link #next} may be called again and continue where the last good batch ended. */
    boolean canRetry();

    /**
     * Where a later read resumes: after the last row of the batches returned so far. Null for a reader that can
     * only start over (a stream).
     */
    default KeysetPosition position() {
        return null;
    }

    @Override
    void close();
}
