package io.tidemark.state;

import java.util.List;

/**
 * Where a table's extraction stands, checkpointed after every batch the sink has durably written. Key and
 * cursor values are PostgreSQL's own text of the typed values; they are bound back with a cast to the
 * column's type, so comparisons happen in PostgreSQL, typed (never strings compared as strings).
 *
 * @param phase        {@link Phase}
 * @param snapshotKey  during a snapshot: the primary key of the last row written; null before the first batch
 * @param cursorColumn the incremental cursor column; null for a full-refresh table
 * @param cursorValue  incremental position: the cursor value of the last row written (or, with a null
 *                     {@code cursorKey}, the value from which, inclusive, to read)
 * @param cursorKey    the primary key of the last row written at {@code cursorValue}; null for "from the start of it"
 * @param runId        the cycle that last wrote this state
 * @param keyColumns   the primary key the positions are of; a table whose key changed starts a new snapshot
 * @param cursorType   the cursor column's declared type; a cursor whose type changed starts a new snapshot
 */
public record TableState(String table, Phase phase, List<String> snapshotKey, String cursorColumn, String cursorValue,
                         List<String> cursorKey, String runId, String updatedAt, List<String> keyColumns,
                         String cursorType) {

    /** A state that does not record its key columns and cursor type (as checkpoints of earlier versions). */
    public TableState(String table, Phase phase, List<String> snapshotKey, String cursorColumn, String cursorValue,
                      List<String> cursorKey, String runId, String updatedAt) {
        this(table, phase, snapshotKey, cursorColumn, cursorValue, cursorKey, runId, updatedAt, null, null);
    }

    public enum Phase {
        /** A pass over the whole table in primary-key order is under way (the first sync, or a full refresh). */
        SNAPSHOT,
        /** The snapshot is done; cycles read rows whose cursor moved past the position. */
        INCREMENTAL,
        /** A full-refresh pass completed; the next cycle starts a new pass. */
        COMPLETE
    }
}
