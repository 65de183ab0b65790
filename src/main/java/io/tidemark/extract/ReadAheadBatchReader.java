package io.tidemark.extract;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Reads the next batch in the background while the caller writes the one it was given, so the database and
 * Tidemark work at the same time instead of waiting for each other. At most one batch is read ahead: memory
 * holds the batch being written and the one being read, never more.
 *
 * <p>Nothing of the read-ahead leaks into checkpoints: {@link #position()} and {@link #hasMore()} describe the
 * batches handed out, not the one read ahead, which is simply dropped on {@link #close()} and read again by
 * the next cycle. A failed read is thrown by the {@link #next} that would have returned it, and the reader
 * stays where it was, so calling {@link #next} again reads the same batch again (when the source reader can).
 *
 * <p>A batch read ahead has the size asked for with the batch before it: a new batch size takes effect one
 * batch later. The source reader is used by one thread at a time (each read starts only after the previous one
 * ended), as its contract asks.
 */
public final class ReadAheadBatchReader implements BatchReader {
    private final BatchReader source;
    private final Executor executor;
    private CompletableFuture<Batch> ahead;
    private KeysetPosition position;
    private boolean hasMore = true;
    private boolean closed;

    /** One batch as the source reader returned it, with what the source said right after returning it. */
    private record Batch(List<Object[]> rows, boolean hasMore, KeysetPosition after) {
    }

    /**
     * @param executor runs the reads; needs a thread free for each reader reading ahead at once
     */
    public ReadAheadBatchReader(BatchReader source, Executor executor) {
        this.source = source;
        this.executor = executor;
        this.position = source.position();
    }

    @Override
    public synchronized List<Object[]> next(int batchSize) throws SQLException {
        if (closed) {
            throw new IllegalStateException("reader closed");
        }
        CompletableFuture<Batch> reading = ahead != null ? ahead : readInBackground(batchSize);
        // cleared before waiting: after a failure the next call reads the same batch again
        ahead = null;
        Batch batch = await(reading);
        position = batch.after();
        hasMore = batch.hasMore();
        if (hasMore) {
            ahead = readInBackground(batchSize);
        }
        return batch.rows();
    }

    private CompletableFuture<Batch> readInBackground(int batchSize) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<Object[]> rows = source.next(batchSize);
                return new Batch(rows, source.hasMore(), source.position());
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private static Batch await(CompletableFuture<Batch> reading) throws SQLException {
        try {
            return reading.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Waits for a read still under way, whatever its outcome: the source may only be touched after it. */
    private void settle() {
        if (ahead != null) {
            ahead.exceptionally(failure -> null).join();
        }
    }

    @Override
    public synchronized boolean hasMore() {
        return hasMore;
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public synchronized boolean canRetry() {
        settle();
        return source.canRetry();
    }

    /** After the batches handed out so far, not the one read ahead. */
    @Override
    public synchronized KeysetPosition position() {
        return position;
    }

    /** Waits for a read under way (its batch is dropped), then closes the source reader. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        settle();
        ahead = null;
        source.close();
    }
}
