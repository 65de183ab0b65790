package io.tidemark.run;

/** Names of the exchange properties the sync routes share. */
public final class SyncExchange {
    private SyncExchange() {
    }

    /** The cycle's run id (String). */
    public static final String RUN_ID = "tidemarkRunId";
    /** The table being extracted ({@link TableRun}). */
    public static final String TABLE_RUN = "tidemarkTableRun";
    /** The open {@link io.tidemark.extract.BatchReader} of the table. */
    public static final String READER = "tidemarkBatchReader";
    /** Whether another batch is to be read (Boolean): the extraction loop's condition. */
    public static final String HAS_MORE = "tidemarkHasMore";
    /** Rows to read in the next batch (Integer), set by the resource monitor before every batch. */
    public static final String BATCH_SIZE = "tidemarkBatchSize";
}
