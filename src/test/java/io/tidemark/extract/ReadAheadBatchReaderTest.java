package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The read-ahead hand-off: batches come out in order and complete, at most one is read ahead, positions are
 * those of the batches handed out, a failed read is thrown and then read again, and closing waits for a read
 * under way before closing the source.
 */
class ReadAheadBatchReaderTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        executor.shutdownNow();
    }

    @Test
    void handsOutEveryRowInOrderAndEndsWithTheShortBatch() throws Exception {
        try (ReadAheadBatchReader reader = new ReadAheadBatchReader(new CountingReader(7), executor)) {
            List<Long> ids = new ArrayList<>();
            while (reader.hasMore()) {
                reader.next(3).forEach(row -> ids.add((Long) row[0]));
            }
            assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(reader.position()).isEqualTo(KeysetPosition.after(List.of("7")));
        }
    }

    @Test
    void readsOneBatchAheadAndNoMore() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Executor countingReads = counting(reads);
        try (ReadAheadBatchReader reader = new ReadAheadBatchReader(new CountingReader(100), countingReads)) {
            reader.next(10);
            // the caller holds batch 1 and batch 2 is being read: nothing more until batch 2 is taken
            assertThat(reads).hasValue(2);

            reader.next(10);
            assertThat(reads).hasValue(3);
        }
    }

    @Test
    void readsNothingAheadAfterTheLastBatch() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        Executor countingReads = counting(reads);
        try (ReadAheadBatchReader reader = new ReadAheadBatchReader(new CountingReader(5), countingReads)) {
            assertThat(reader.next(10)).hasSize(5);
            assertThat(reader.hasMore()).isFalse();
            assertThat(reads).hasValue(1);
        }
    }

    @Test
    void positionIsAfterTheBatchesHandedOutNotTheOneReadAhead() throws Exception {
        CountingReader source = new CountingReader(100);
        try (ReadAheadBatchReader reader = new ReadAheadBatchReader(source, executor)) {
            assertThat(reader.position()).isEqualTo(KeysetPosition.START);
            reader.next(10);
            reader.next(10);
            // the source is past batch 3 (read ahead) or reading it; the checkpoint's position is after batch 2
            assertThat(reader.position()).isEqualTo(KeysetPosition.after(List.of("20")));
            assertThat(reader.hasMore()).isTrue();
            reader.close();
            assertThat(source.position()).isEqualTo(KeysetPosition.after(List.of("30")));
        }
    }

    @Test
    void aFailedReadIsThrownByTheNextCallAndReadAgainByTheOneAfter() throws Exception {
        CountingReader source = new CountingReader(30);
        source.failRead(2);
        try (ReadAheadBatchReader reader = new ReadAheadBatchReader(source, executor)) {
            assertThat(reader.next(10)).hasSize(10);

            assertThatThrownBy(() -> reader.next(10)).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(reader.position()).isEqualTo(KeysetPosition.after(List.of("10")));
            assertThat(reader.canRetry()).isTrue();

            assertThat(reader.next(10).get(0)[0]).isEqualTo(11L);
            assertThat(reader.position()).isEqualTo(KeysetPosition.after(List.of("20")));
        }
    }

    @Test
    void closeWaitsForTheReadUnderWayThenClosesTheSource() throws Exception {
        CountingReader source = new CountingReader(100);
        CountDownLatch release = new CountDownLatch(1);
        ReadAheadBatchReader reader = new ReadAheadBatchReader(source, executor);
        reader.next(10);
        source.holdReads(release);
        source.awaitReads(2);

        Thread closing = new Thread(reader::close);
        closing.start();
        closing.join(100);
        assertThat(source.closed()).as("closed while a read used it").isFalse();

        release.countDown();
        closing.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(source.closed()).isTrue();
        assertThatThrownBy(() -> reader.next(10)).isInstanceOf(IllegalStateException.class);
    }

    /** The test's threads, counting the reads started on them. */
    private Executor counting(AtomicInteger reads) {
        return task -> {
            reads.incrementAndGet();
            executor.execute(task);
        };
    }

    /** Rows 1..n of one id column, keyset style; can fail one read and hold reads until released. */
    private static final class CountingReader implements BatchReader {
        private final long rows;
        private long last;
        private boolean hasMore = true;
        private int reads;
        private int failingRead;
        private volatile CountDownLatch hold = new CountDownLatch(0);
        private volatile boolean closed;

        CountingReader(long rows) {
            this.rows = rows;
        }

        void failRead(int read) {
            failingRead = read;
        }

        void holdReads(CountDownLatch release) {
            hold = release;
        }

        @Override
        public List<Object[]> next(int batchSize) throws SQLException {
            int read;
            synchronized (this) {
                read = ++reads;
                notifyAll();
            }
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            if (read == failingRead) {
                throw new SQLTransientConnectionException("connection reset");
            }
            List<Object[]> batch = new ArrayList<>();
            while (batch.size() < batchSize && last < rows) {
                batch.add(new Object[] {++last});
            }
            hasMore = batch.size() == batchSize;
            return batch;
        }

        synchronized void awaitReads(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (reads < count && System.nanoTime() < deadline) {
                wait(100);
            }
            assertThat(reads).isGreaterThanOrEqualTo(count);
        }

        boolean closed() {
            return closed;
        }

        @Override
        public boolean hasMore() {
            return hasMore;
        }

        @Override
        public List<String> columns() {
            return List.of("id");
        }

        @Override
        public boolean canRetry() {
            return true;
        }

        @Override
        public KeysetPosition position() {
            return last == 0 ? KeysetPosition.START : KeysetPosition.after(List.of(String.valueOf(last)));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
