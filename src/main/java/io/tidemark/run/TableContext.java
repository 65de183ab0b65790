package io.tidemark.run;

import io.tidemark.discovery.SourceTable;
import io.tidemark.monitor.BatchedTable;
import io.tidemark.monitor.ResourceSample;
import java.time.Instant;

/**
 * One table's state while its exchange goes through the category sub-route and {@code extract-table}: which
 * cycle and place it belongs to, where its outcome goes, its {@link TableRun} and {@link SyncPlan} once it began,
 * the coming batch's size and the resource sample that size was decided on, and whether another batch is to be
 * read (the loop's condition). Carried in one exchange property, {@link #PROPERTY}.
 */
public final class TableContext implements BatchedTable {
    /** Exchange property holding the table's {@link TableContext}. */
    public static final String PROPERTY = "tidemarkTable";

    private final String runId;
    private final int position;
    private final SourceTable table;
    private final Preprocessing.Outcome preprocessing;
    private final TableAssignment assignment;
    private TableRun run;
    private SyncPlan plan;
    private int batchSize;
    private ResourceSample resourceSample;
    private boolean hasMore;
    /** When the next progress line is due ({@link TableProgress}). */
    private Instant progressDue;

    /**
     * @param position      1-based place of the table in the cycle's processing order
     * @param preprocessing what preprocessing did to the table this cycle; null when it was not preprocessed
     * @param assignment    where the table's outcome goes
     */
    public TableContext(String runId, int position, SourceTable table, Preprocessing.Outcome preprocessing,
                        TableAssignment assignment) {
        this.runId = runId;
        this.position = position;
        this.table = table;
        this.preprocessing = preprocessing;
        this.assignment = assignment;
    }

    /** The table's extraction began: from now on its outcome is {@code tableRun}. */
    void begin(TableRun tableRun) {
        this.run = tableRun;
        this.progressDue = tableRun.startedAt().plus(TableProgress.INTERVAL);
    }

    Instant progressDue() {
        return progressDue;
    }

    void progressDue(Instant due) {
        this.progressDue = due;
    }

    /** The table is read by {@code syncPlan}, and at least one batch is read. */
    void readBy(SyncPlan syncPlan) {
        this.plan = syncPlan;
        this.hasMore = true;
    }

    public String runId() {
        return runId;
    }

    public int position() {
        return position;
    }

    @Override
    public SourceTable table() {
        return table;
    }

    /** What preprocessing did to the table this cycle; null when it was not preprocessed. */
    public Preprocessing.Outcome preprocessing() {
        return preprocessing;
    }

    /** Where the table's outcome goes. */
    public TableAssignment assignment() {
        return assignment;
    }

    /** The table's run; null until the extraction began. */
    public TableRun run() {
        return run;
    }

    /** How the table is read this cycle; null until the extraction began. */
    public SyncPlan plan() {
        return plan;
    }

    @Override
    public int lastBatchSize() {
        return run.lastBatchSize();
    }

    @Override
    public long maxRowBytes() {
        return run.maxRowBytes();
    }

    @Override
    public void pressureEvent() {
        run.pressureEvent();
    }

    @Override
    public void nextBatch(int size, ResourceSample sample) {
        this.batchSize = size;
        this.resourceSample = sample;
    }

    /** Rows to read in the coming batch. */
    public int batchSize() {
        return batchSize;
    }

    /** The resource sample the coming batch's size was decided on. */
    public ResourceSample resourceSample() {
        return resourceSample;
    }

    /** Whether another batch is to be read: the extraction loop's condition. */
    public boolean hasMore() {
        return hasMore;
    }

    void lastBatchRead() {
        this.hasMore = false;
    }
}
