package io.tidemark.run;

import io.tidemark.extract.BatchReader;
import io.tidemark.extract.KeysetPosition;
import io.tidemark.state.TableState;
import io.tidemark.state.TableState.Phase;
import java.time.Instant;
import java.util.List;

/**
 * One table's extraction in one cycle: the reader, and the checkpoints it leads to.
 * <ul>
 *   <li>{@code snapshot}: the whole table in primary-key order, resumable from the last written key. With a
 *       cursor, the table then switches to incremental reads from the point taken when the snapshot began;
 *       without one, the pass is complete and the next cycle starts a new one (full refresh).</li>
 *   <li>{@code incremental}: rows whose (cursor, key) is past the position, up to the cycle's upper bound.</li>
 *   <li>{@code pages}: a table without a primary key, read whole each cycle in ranges of its pages, resumable from
 *       the next page.</li>
 *   <li>{@code stream}: a table without a primary key on a server before PostgreSQL 14, read whole each cycle in
 *       one query; it has no checkpoint.</li>
 * </ul>
 */
public final class SyncPlan {
    private final String table;
    private final ReadMode mode;
    private final BatchReader reader;
    private final String cursorColumn;
    private final String switchPoint;
    private final boolean freshPass;
    private final List<String> keyColumns;
    private final String cursorType;

    private SyncPlan(String table, ReadMode mode, BatchReader reader, String cursorColumn, String switchPoint, boolean freshPass,
                     List<String> keyColumns, String cursorType) {
        this.table = table;
        this.mode = mode;
        this.reader = reader;
        this.cursorColumn = cursorColumn;
        this.switchPoint = switchPoint;
        this.freshPass = freshPass;
        this.keyColumns = keyColumns;
        this.cursorType = cursorType;
    }

    /**
     * @param keyColumns the primary key the checkpoints' positions are of
     * @param cursorType the cursor column's declared type; null without a cursor
     */
    static SyncPlan snapshot(String table, BatchReader reader, String cursorColumn, String switchPoint,
                             List<String> keyColumns, String cursorType) {
        return new SyncPlan(table, ReadMode.SNAPSHOT, reader, cursorColumn, switchPoint, reader.position().isStart(),
                List.copyOf(keyColumns), cursorType);
    }

    static SyncPlan incremental(String table, BatchReader reader, String cursorColumn, List<String> keyColumns,
                                String cursorType) {
        return new SyncPlan(table, ReadMode.INCREMENTAL, reader, cursorColumn, null, false, List.copyOf(keyColumns), cursorType);
    }

    /** A pass over a keyless table's pages; its positions are {@code keyColumns}' values (page, relation file). */
    static SyncPlan pages(String table, BatchReader reader, List<String> keyColumns) {
        return new SyncPlan(table, ReadMode.PAGES, reader, null, null, reader.position().isStart(), List.copyOf(keyColumns), null);
    }

    static SyncPlan stream(String table, BatchReader reader) {
        return new SyncPlan(table, ReadMode.STREAM, reader, null, null, true, List.of(), null);
    }

    /** A full-refresh pass of a table with a key (no cursor), started from its first row this cycle or resumed. */
    public boolean fullRefresh() {
        return mode == ReadMode.SNAPSHOT && cursorColumn == null;
    }

    /** The pass began with this cycle (not resumed from a checkpoint). */
    public boolean freshPass() {
        return freshPass;
    }

    public BatchReader reader() {
        return reader;
    }

    public ReadMode mode() {
        return mode;
    }

    /** The state after the batches written so far; null for a table that has no checkpoint. */
    public TableState checkpoint(String runId, Instant now) {
        KeysetPosition position = reader.position();
        if (position == null) {
            return null;
        }
        if (mode == ReadMode.SNAPSHOT || mode == ReadMode.PAGES) {
            return new TableState(table, Phase.SNAPSHOT, position.isStart() ? null : position.values(), cursorColumn,
                    switchPoint, null, runId, now.toString(), keyColumns, cursorType);
        }
        return incrementalState(position, runId, now);
    }

    /** The state once the reader is exhausted; null for a table that has no checkpoint. */
    public TableState completed(String runId, Instant now) {
        KeysetPosition position = reader.position();
        if (position == null) {
            return null;
        }
        if (mode == ReadMode.INCREMENTAL) {
            return incrementalState(position, runId, now);
        }
        if (cursorColumn == null) {
            return new TableState(table, Phase.COMPLETE, null, null, null, null, runId, now.toString(), keyColumns, null);
        }
        return new TableState(table, Phase.INCREMENTAL, null, cursorColumn, switchPoint, null, runId, now.toString(),
                keyColumns, cursorType);
    }

    private TableState incrementalState(KeysetPosition position, String runId, Instant now) {
        List<String> values = position.values();
        String cursorValue = values.isEmpty() ? null : values.get(0);
        List<String> key = position.inclusive() || values.isEmpty() ? null : values.subList(1, values.size());
        return new TableState(table, Phase.INCREMENTAL, null, cursorColumn, cursorValue, key, runId, now.toString(),
                keyColumns, cursorType);
    }
}
