package io.tidemark.partner;

import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.RowSizes;
import io.tidemark.monitor.BatchedTable;
import io.tidemark.monitor.ResourceSample;
import java.util.List;

/** A table read for an {@code Update}, as the resource monitor's batch sizing sees it. */
final class StreamedTable implements BatchedTable {
    private final SourceTable table;
    private int batchSize;
    private int lastBatchSize;
    private long maxRowBytes;
    private int pressureEvents;

    StreamedTable(SourceTable table) {
        this.table = table;
    }

    @Override
    public SourceTable table() {
        return table;
    }

    @Override
    public int lastBatchSize() {
        return lastBatchSize;
    }

    @Override
    public long maxRowBytes() {
        return maxRowBytes;
    }

    @Override
    public void pressureEvent() {
        pressureEvents++;
    }

    @Override
    public void nextBatch(int size, ResourceSample sample) {
        batchSize = size;
    }

    int batchSize() {
        return batchSize;
    }

    int pressureEvents() {
        return pressureEvents;
    }

    /** Accounts a page read at the decided size. */
    void read(List<Object[]> rows) {
        lastBatchSize = batchSize;
        maxRowBytes = Math.max(maxRowBytes, RowSizes.widest(rows));
    }
}
