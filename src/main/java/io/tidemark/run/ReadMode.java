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
    /**
     * A table without a primary key, read whole each cycle in ranges of its pages (ctid), resumable from the next
     * page (PostgreSQL 14 and later).
     */
    PAGES,
    /** A table without a primary key on PostgreSQL before 14: read whole each cycle in one query, without checkpoints. */
    STREAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
