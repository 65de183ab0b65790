package io.tidemark.run;

import org.apache.camel.Exchange;

/** Names of the exchange properties the sync routes share. */
public final class SyncExchange {
    private SyncExchange() {
    }

    /** The cycle's run id (String). */
    public static final String RUN_ID = "tidemarkRunId";
    /** The table being extracted ({@link TableRun}). */
    public static final String TABLE_RUN = "tidemarkTableRun";
    /** How the table is read this cycle ({@link SyncPlan}). */
    public static final String PLAN = "tidemarkSyncPlan";
    /** Whether another batch is to be read (Boolean): the extraction loop's condition. */
    public static final String HAS_MORE = "tidemarkHasMore";
    /** Rows to read in the next batch (Integer), set by the resource monitor before every batch. */
    public static final String BATCH_SIZE = "tidemarkBatchSize";
    /** The resource sample the batch size was decided on ({@link io.tidemark.monitor.ResourceSample}). */
    public static final String RESOURCE_SAMPLE = "tidemarkResourceSample";

    /** 1-based place of the exchange's table in the cycle's processing order (the split index, plus one). */
    public static int tablePosition(Exchange exchange) {
        return exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class) + 1;
    }

    /**
     * Whether Tidemark is stopping or has stopped. Both count: a wait that wakes only after a quick stop has
     * completed must end too.
     */
    public static boolean stopping(Exchange exchange) {
        return exchange.getContext().isStopping() || exchange.getContext().isStopped();
    }
}
