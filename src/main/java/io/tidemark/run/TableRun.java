package io.tidemark.run;

import io.tidemark.discovery.SourceTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** One table's extraction within one cycle: what the {@code _tidemark.sync_runs} record and the summary report. */
public final class TableRun {
    public enum Status {
        RUNNING, SUCCESS, FAILED, INTERRUPTED,
        /** Dropped or renamed after discovery: nothing left to read under that name, and not a failure. */
        GONE;

        /** As written in records and the summary: running, success, failed, interrupted, gone. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String runId;
    private final int position;
    private final SourceTable table;
    private final int threads;
    private final Instant startedAt;
    private final String node;
    private ReadMode mode;
    private long rows;
    private int batches;
    private int reads;
    private int lastBatchSize;
    private long maxRowBytes;
    private int pressureEvents;
    private long deletes;
    private Preprocessing.Outcome preprocessing;
    private int batchSizeMin;
    private int batchSizeMax;
    private Instant finishedAt;
    private Status status = Status.RUNNING;
    private String error;

    /** {@code position}: 1-based place of the table in the cycle's processing order. */
    public TableRun(String runId, int position, SourceTable table, int threads, Instant startedAt) {
        this(runId, position, table, threads, startedAt, null);
    }

    /** @param node the cluster node the table runs on; null when Tidemark is not clustered */
    public TableRun(String runId, int position, SourceTable table, int threads, Instant startedAt, String node) {
        this.runId = runId;
        this.position = position;
        this.table = table;
        this.threads = threads;
        this.startedAt = startedAt;
        this.node = node;
    }

    /**
     * A run as another node reported it (the cluster's claim table): what the cycle report shows of it.
     *
     * @param finishedAt null when it has not finished
     */
    public static TableRun reported(String runId, int position, SourceTable table, String node, Instant startedAt,
                                    Instant finishedAt, Status status, String error, long rows, int batches) {
        TableRun run = new TableRun(runId, position, table, 0, startedAt, node);
        run.rows = rows;
        run.batches = batches;
        run.reads = batches;
        run.finish(status, error, finishedAt);
        return run;
    }

    /**
     * Accounts one read that asked for {@code batchSize} rows and got {@code rowCount}. Only reads that
     * returned rows count as batches (they are what the sink wrote); every read counts for the batch sizes.
     */
    public void batchWritten(int batchSize, int rowCount) {
        reads++;
        if (rowCount > 0) {
            batches++;
            rows += rowCount;
        }
        batchSizeMin = reads == 1 ? batchSize : Math.min(batchSizeMin, batchSize);
        batchSizeMax = Math.max(batchSizeMax, batchSize);
        lastBatchSize = batchSize;
    }

    /** Remembers the widest row read so far (estimated heap bytes), for the batch's memory budget. */
    public void rowsRead(long widestRowBytes) {
        maxRowBytes = Math.max(maxRowBytes, widestRowBytes);
    }

    /** A batch was read under memory or CPU pressure, or waited for disk space. */
    public void pressureEvent() {
        pressureEvents++;
    }

    /** The previous batch's size; 0 before the first batch. */
    public int lastBatchSize() {
        return lastBatchSize;
    }

    public long maxRowBytes() {
        return maxRowBytes;
    }

    public int pressureEvents() {
        return pressureEvents;
    }

    /** Delete records written for rows that disappeared since the previous full-refresh pass. */
    public void deletesWritten(long count) {
        deletes += count;
    }

    public long deletes() {
        return deletes;
    }

    /** What preprocessing did to the table this cycle; null when it was not preprocessed. */
    public void preprocessed(Preprocessing.Outcome outcome) {
        this.preprocessing = outcome;
    }

    public Preprocessing.Outcome preprocessing() {
        return preprocessing;
    }

    public void finish(Status finalStatus, String errorMessage, Instant at) {
        this.status = finalStatus;
        this.error = errorMessage;
        this.finishedAt = at;
    }

    public void mode(ReadMode readMode) {
        this.mode = readMode;
    }

    public String runId() {
        return runId;
    }

    public int position() {
        return position;
    }

    public SourceTable table() {
        return table;
    }

    public int threads() {
        return threads;
    }

    /** The cluster node the table ran on; null when Tidemark is not clustered. */
    public String node() {
        return node;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    /** How the table is read this cycle; null until it is planned. */
    public ReadMode mode() {
        return mode;
    }

    public long rows() {
        return rows;
    }

    public int batches() {
        return batches;
    }

    public int batchSizeMin() {
        return batchSizeMin;
    }

    public int batchSizeMax() {
        return batchSizeMax;
    }

    public Status status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** Batches written so far; the next batch's 1-based number is this plus one. */
    public int nextSequence() {
        return batches + 1;
    }

    public Duration elapsed() {
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    @Override
    public String toString() {
        return table.qualifiedName() + " " + status + " rows=" + rows;
    }
}
