package io.tidemark.run;

import java.util.Locale;

/**
 * How a table is read in one cycle (see {@link SyncPlan}); recorded in {@code _tidemark.sync_runs} as its
 * {@link #label()}.
 */
public enum ReadMode {
    /** The whole table in primary-key order, resumable from the last written key. */
    SNAPSHOT,
    /** Rows whose (cursor, key) is past the checkpoint, up to the cycle's upper bound. */
    INCREMENTAL,
    /** A table without a primary key, read whole each cycle, without checkpoints. */
    STREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
