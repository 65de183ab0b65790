package io.tidemark.run;

import io.tidemark.config.TableFilters.TableFilter;
import io.tidemark.config.TableFilters;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.CursorBounds;
import io.tidemark.extract.CursorDetector;
import io.tidemark.extract.KeysetBatchReader;
import io.tidemark.extract.KeysetPosition;
import io.tidemark.extract.PageRangeBatchReader;
import io.tidemark.extract.ReadAheadBatchReader;
import io.tidemark.extract.RowFilter;
import io.tidemark.extract.SelectStatements;
import io.tidemark.extract.StreamingBatchReader;
import io.tidemark.source.SqlIdentifiers;
import io.tidemark.state.Checkpoints;
import io.tidemark.state.TableState.Phase;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how a table is read this cycle, from its checkpoint: resume an interrupted snapshot after its last
 * written key, continue incremental reads from their position, or start a new snapshot (first sync, a reset,
 * a changed cursor column, or the next pass of a full-refresh table); a table without a primary key is read by
 * pages, resumed at the next page of an interrupted pass. Every read keeps to the table's filter
 * ({@code tidemark.sync.table-filters}: columns, cursor, where) and to {@code tidemark.sync.region}.
 */
public final class SyncPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(SyncPlanner.class);

    private final DataSource source;
    private final Checkpoints states;
    private final CursorDetector cursors;
    private final CursorBounds bounds;
    private final TableFilters filters;
    private final String region;
    private final String regionColumn;
    private final Executor readAhead;
    private final Set<String> toldWithoutRegion = ConcurrentHashMap.newKeySet();
    private volatile Boolean pageRangeScans;

    /**
     * @param region       rows to keep in tables that have {@code regionColumn}; empty for all rows
     * @param readAhead    reads each table's next batch while its current one is written
     *                     ({@link ReadAheadBatchReader}); one thread for each table read at once
     */
    public SyncPlanner(DataSource source, Checkpoints states, CursorDetector cursors, CursorBounds bounds,
                       TableFilters filters, String region, String regionColumn, Executor readAhead) {
        this.source = source;
        this.states = states;
        this.cursors = cursors;
        this.bounds = bounds;
        this.filters = filters;
        this.region = region;
        this.regionColumn = regionColumn;
        this.readAhead = readAhead;
    }

    /**
     * The planner of a configuration's sync settings (cursor lag and time zone, table filters, region), as every reader
     * of tables uses it: a cycle's extraction and the Partner SDK's {@code Update}.
     */
    public static SyncPlanner configured(DataSource source, Checkpoints states, CursorDetector cursors, TidemarkConfig.Sync sync,
                                         Executor readAhead) {
        return new SyncPlanner(source, states, cursors, new CursorBounds(source, sync.cursorLag(), sync.timestampTimeZone()),
                sync.tableFilters(), sync.region(), sync.regionColumn(), readAhead);
    }

    public SyncPlan plan(SourceTable discovered) throws IOException, SQLException {
        String name = discovered.qualifiedName();
        Optional<TableFilter> tableFilter = filters.forTable(name);
        SourceTable table = tableFilter.map(TableFilter::columns).map(discovered::withColumns).orElse(discovered);
        RowFilter rowFilter = rowFilter(discovered, tableFilter);
        if (!table.hasPrimaryKey()) {
            return keyless(table, rowFilter);
        }
        Optional<SourceColumn> cursor = tableFilter.map(TableFilter::cursor).isPresent()
                ? discovered.column(tableFilter.get().cursor()) : cursors.detect(discovered);
        String cursorColumn = cursor.map(SourceColumn::name).orElse(null);
        String cursorType = cursor.map(SourceColumn::dataType).orElse(null);
        TableState state = states.load(name).filter(saved -> fits(saved, table, cursorColumn, cursorType)).orElse(null);
        if (state != null && state.phase() == Phase.INCREMENTAL && cursor.isPresent()) {
            List<String> key = new ArrayList<>();
            key.add(cursorColumn);
            key.addAll(table.primaryKey());
            KeysetPosition position = state.cursorValue() == null ? KeysetPosition.START
                    : state.cursorKey() == null ? KeysetPosition.fromFirstValue(state.cursorValue())
                    : KeysetPosition.after(concat(state.cursorValue(), state.cursorKey()));
            String upper = bounds.upperBound(cursor.get());
            SelectStatements statements = new SelectStatements(table, key, upper == null ? null : cursorColumn, rowFilter);
            return SyncPlan.incremental(name, readingAhead(new KeysetBatchReader(source, table, statements, position, upper)), cursorColumn,
                    table.primaryKey(), cursorType);
        }
        SelectStatements byKey = new SelectStatements(table, table.primaryKey(), null, rowFilter);
        if (state != null && state.phase() == Phase.SNAPSHOT) {
            KeysetPosition position = state.snapshotKey() == null ? KeysetPosition.START : KeysetPosition.after(state.snapshotKey());
            LOG.info("{}: resuming its snapshot{}", name, position.isStart() ? " from the start" : " after key " + position.values());
            return SyncPlan.snapshot(name, readingAhead(new KeysetBatchReader(source, table, byKey, position, null)), cursorColumn,
                    state.cursorValue(), table.primaryKey(), cursorType);
        }
        String switchPoint = cursor.isPresent() ? bounds.snapshotSwitchPoint(table, cursor.get()) : null;
        return SyncPlan.snapshot(name, readingAhead(new KeysetBatchReader(source, table, byKey, KeysetPosition.START, null)), cursorColumn,
                switchPoint, table.primaryKey(), cursorType);
    }

    /**
     * A table without a primary key: a pass over its pages, resumed at the next page of an interrupted pass. One
     * streaming query instead on a server before PostgreSQL 14 (no TID range scans), and for a partitioned table,
     * whose parent has no pages of its own (its rows are on its partitions' pages).
     */
    private SyncPlan keyless(SourceTable table, RowFilter rowFilter) throws IOException, SQLException {
        String name = table.qualifiedName();
        if (table.partitioned() || !pageRangeScans()) {
            return SyncPlan.stream(name, readingAhead(new StreamingBatchReader(source, table, rowFilter)));
        }
        KeysetPosition start = states.load(name)
                .filter(saved -> saved.phase() == Phase.SNAPSHOT && PageRangeBatchReader.POSITION_KEY.equals(saved.keyColumns())
                        && saved.snapshotKey() != null && saved.snapshotKey().size() == PageRangeBatchReader.POSITION_KEY.size())
                .map(saved -> KeysetPosition.after(saved.snapshotKey())).orElse(KeysetPosition.START);
        if (!start.isStart()) {
            LOG.info("{}: resuming its pass at page {}", name, start.values().get(0));
        }
        return SyncPlan.pages(name, readingAhead(new PageRangeBatchReader(source, table, rowFilter, start)),
                PageRangeBatchReader.POSITION_KEY);
    }

    /** Whether the source reads a range of pages without scanning the rest (PostgreSQL 14 and later); asked once. */
    private boolean pageRangeScans() throws SQLException {
        Boolean known = pageRangeScans;
        if (known == null) {
            try (Connection connection = source.getConnection()) {
                known = connection.getMetaData().getDatabaseMajorVersion() >= 14;
            }
            if (!known) {
                LOG.warn("The source is older than PostgreSQL 14: tables without a primary key are read in one query each,"
                        + " which holds their lock until the read ends, and start over after an interruption");
            }
            pageRangeScans = known;
        }
        return known;
    }

    private BatchReader readingAhead(BatchReader reader) {
        return new ReadAheadBatchReader(reader, readAhead);
    }

    /**
     * Whether a checkpoint still describes the table: same cursor column (and type, when recorded), same primary
     * key (when recorded), and positions with as many values as the key. Otherwise the table is synced in full.
     */
    private static boolean fits(TableState saved, SourceTable table, String cursorColumn, String cursorType) {
        String why = null;
        if (!Objects.equals(saved.cursorColumn(), cursorColumn)) {
            why = "cursor column changed from " + saved.cursorColumn() + " to " + cursorColumn;
        } else if (saved.cursorType() != null && !Objects.equals(saved.cursorType(), cursorType)) {
            why = "cursor type changed from " + saved.cursorType() + " to " + cursorType;
        } else if ((saved.keyColumns() != null && !saved.keyColumns().equals(table.primaryKey()))
                || (saved.snapshotKey() != null && saved.snapshotKey().size() != table.primaryKey().size())
                || (saved.cursorKey() != null && saved.cursorKey().size() != table.primaryKey().size())) {
            why = "primary key changed to " + table.primaryKey();
        }
        if (why != null) {
            LOG.info("{}: {}; syncing it in full again", table, why);
        }
        return why == null;
    }

    /** The table filter's {@code where} and the region, when the table has the region column. */
    private RowFilter rowFilter(SourceTable table, Optional<TableFilter> tableFilter) {
        RowFilter filter = RowFilter.NONE;
        if (tableFilter.isPresent() && tableFilter.get().where() != null) {
            filter = filter.and("(" + tableFilter.get().where() + ")", List.of());
        }
        if (!region.isEmpty()) {
            Optional<SourceColumn> column = table.column(regionColumn);
            if (column.isPresent()) {
                filter = filter.and(SqlIdentifiers.quote(regionColumn) + " = CAST(? AS " + column.get().dataType() + ")", List.of(region));
            } else if (toldWithoutRegion.add(table.qualifiedName())) {
                LOG.info("{} has no column {}: synced without the region filter", table, regionColumn);
            }
        }
        return filter;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> values = new ArrayList<>(rest.size() + 1);
        values.add(first);
        values.addAll(rest);
        return values;
    }
}
