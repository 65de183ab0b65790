package io.tidemark.monitor;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SizeCategory;

/**
 * The base batch size, concurrency and queue size per size category, before any resource pressure: the README's
 * "Resource policy" values (5000/2500/1000 rows, 4/2/1 threads, 10000/5000/1000 queued tables), the batch sizes of a
 * {@code tidemark.profile} when one is set, and each replaced by its {@code tidemark.sync.*} override when that
 * is greater than 0 (a fixed value the resource policy leaves alone).
 */
public final class ProcessingPolicy {
    private final TidemarkConfig.Sync sync;

    public ProcessingPolicy(TidemarkConfig.Sync sync) {
        this.sync = sync;
    }

    public int batchSize(SizeCategory category) {
        if (sync.batchSize() > 0) {
            return sync.batchSize();
        }
        return sync.profile() == null ? category.baseBatchSize() : sync.profile().categoryBatchSizes()[category.ordinal()];
    }

    public boolean fixedBatchSize() {
        return sync.batchSize() > 0;
    }

    public boolean fixedThreads() {
        return sync.threads() > 0;
    }

    public int threads(SizeCategory category) {
        return sync.threads() > 0 ? sync.threads() : category.baseThreads();
    }

    public int queueSize(SizeCategory category) {
        return sync.queueSize() > 0 ? sync.queueSize() : category.baseQueueSize();
    }

    /** Tables extracted at once over all categories: what the connection pool and dispatcher are sized for. */
    public int totalThreads() {
        int total = 0;
        for (SizeCategory category : SizeCategory.values()) {
            total += threads(category);
        }
        return total;
    }
}
