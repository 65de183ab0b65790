package io.tidemark.monitor;

import io.tidemark.discovery.SourceTable;

/** A table being read batch by batch, as {@link BatchSizing} sees it before each batch. */
public interface BatchedTable {
    SourceTable table();

    /** The previous batch's size; 0 before the first batch. */
    int lastBatchSize();

    /** The widest row read so far (estimated heap bytes); 0 before any row was read. */
    long maxRowBytes();

    /** The coming batch is read under memory or CPU pressure, or waited for disk space. */
    void pressureEvent();

    /** The coming batch's size, and the sample it was decided on. */
    void nextBatch(int batchSize, ResourceSample sample);
}
