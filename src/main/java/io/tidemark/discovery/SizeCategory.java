package io.tidemark.discovery;

import java.util.Locale;

/**
 * A table's size class and its base parameters (the README's "Resource policy": batch 5000/2500/1000, threads
 * 4/2/1, queue 10000/5000/1000). Bounds are strict: small &lt; small-table-rows &le; medium &lt; large-table-rows &le; large.
 */
public enum SizeCategory {
    SMALL(5_000, 4, 10_000),
    MEDIUM(2_500, 2, 5_000),
    LARGE(1_000, 1, 1_000);

    private final int baseBatchSize;
    private final int baseThreads;
    private final int baseQueueSize;

    SizeCategory(int baseBatchSize, int baseThreads, int baseQueueSize) {
        this.baseBatchSize = baseBatchSize;
        this.baseThreads = baseThreads;
        this.baseQueueSize = baseQueueSize;
    }

    public static SizeCategory of(long rows, long smallTableRows, long largeTableRows) {
        if (rows < smallTableRows) {
            return SMALL;
        }
        return rows < largeTableRows ? MEDIUM : LARGE;
    }

    public int baseBatchSize() {
        return baseBatchSize;
    }

    public int baseThreads() {
        return baseThreads;
    }

    public int baseQueueSize() {
        return baseQueueSize;
    }

    /** Lower-case name as used in route ids, endpoint names and records: small, medium, large. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
