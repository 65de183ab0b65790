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
 * @param runRows      rows the cycle {@code runId} has written for this table up to and including this checkpoint
 *                     (what {@code status} reports of the last cycle); null in checkpoints of earlier versions
 * @param category     the table's size category when {@code runId} read it, as {@code SizeCategory.label()} names
 *                     it (small, medium, large); null in checkpoints of earlier versions
 */
public record TableState(String table, Phase phase, List<String> snapshotKey, String cursorColumn, String cursorValue,
                         List<String> cursorKey, String runId, String updatedAt, List<String> keyColumns,
                         String cursorType, Long runRows, String category) {

    /** A state that does not record its key columns and cursor type (as checkpoints of earlier versions). */
    public TableState(String table, Phase phase, List<String> snapshotKey, String cursorColumn, String cursorValue,
                      List<String> cursorKey, String runId, String updatedAt) {
        this(table, phase, snapshotKey, cursorColumn, cursorValue, cursorKey, runId, updatedAt, null, null);
    }

    /**
     * A state that does not record its cycle's rows and the table's category: a position is all that a plan knows
     * ({@link #withRun} adds them where the cycle's run is known).
     */
    public TableState(String table, Phase phase, List<String> snapshotKey, String cursorColumn, String cursorValue,
                      List<String> cursorKey, String runId, String updatedAt, List<String> keyColumns, String cursorType) {
        this(table, phase, snapshotKey, cursorColumn, cursorValue, cursorKey, runId, updatedAt, keyColumns, cursorType,
                null, null);
    }

    /** This state, recording that its cycle has written {@code rows} rows of the table so far, of {@code category}. */
    public TableState withRun(long rows, String category) {
        return new TableState(table, phase, snapshotKey, cursorColumn, cursorValue, cursorKey, runId, updatedAt, keyColumns,
                cursorType, rows, category);
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
