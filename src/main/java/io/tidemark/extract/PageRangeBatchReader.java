package io.tidemark.extract;

import io.tidemark.discovery.SourceTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a table without a primary key in ranges of its pages ({@code ctid >= '(p,0)' AND ctid < '(q,0)'}, a TID
 * range scan on PostgreSQL 14 and later), each range one short read-only transaction on a pooled connection, like
 * a keyset page. A schema change on the table ({@code ALTER TABLE} needs an {@code ACCESS EXCLUSIVE} lock) waits
 * for one range at most, never for the whole table; and the position, the next page, is a checkpoint to resume from.
 *
 * <p>A range covers as many pages as hold about one batch of rows, from the density of the range before it (at
 * first from the catalog's statistics), so a batch holds about the rows asked for; ranges of empty pages are skipped
 * in doubling steps. The pass ends at the table's size as measured with the last range: rows on pages added after
 * that are left to the next pass.
 *
 * <p>What a pass over pages guarantees while the table changes: every row that exists, unchanged, for the whole pass
 * is read exactly once. A row inserted or updated during the pass lands on a page already read (then it is missed
 * by this pass, and read by the next) or on one still ahead (then it is read, and, when updated, possibly twice:
 * as its old version on a page read before, and its new one). A rewrite of the table (VACUUM FULL, CLUSTER, an
 * ALTER TABLE that rewrites it) moves every row: the position records the relation file it is a page of, and a
 * pass that finds another file starts again from the first page.
 */
public final class PageRangeBatchReader extends PagedBatchReader {
    /** What this reader's positions hold: the next page to read and the relation file it is a page of. */
    public static final List<String> POSITION_KEY = List.of("(page)", "(relfilenode)");
    private static final Logger LOG = LoggerFactory.getLogger(PageRangeBatchReader.class);
    /**
     * The table's relation file, its size in pages now, rows per page from the statistics (null when never
     * analyzed), and its column set. {@code pg_relation_size} locks the table (ACCESS SHARE) until the range's
     * transaction ends, so no rewrite comes between this look and the range read after it.
     */
    private static final String TABLE_NOW = "SELECT pg_relation_filenode(c.oid),"
            + " pg_relation_size(c.oid) / current_setting('block_size')::bigint,"
            + " CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples / c.relpages END, " + SelectStatements.COLUMN_SET
            + " FROM pg_catalog.pg_class c WHERE c.oid = CAST(? AS regclass)";
    /** No range spans more pages than this (1 GiB of 8 KiB pages), however empty the pages before it were. */
    private static final long MAX_RANGE_PAGES = 131_072;

    private final SourceTable table;
    private final SelectStatements statements;
    private long nextPage;
    /** The relation file the positions are pages of; null before the pass has looked at the table. */
    private Long fileNode;
    /** Rows per page seen last; 0 before any. */
    private double rowsPerPage;

    /**
     * @param start where to begin: {@link KeysetPosition#START}, or a position of this reader (see {@link #POSITION_KEY})
     */
    public PageRangeBatchReader(DataSource dataSource, SourceTable table, RowFilter filter, KeysetPosition start) {
        super(dataSource, table);
        if (table.hasPrimaryKey()) {
            throw new IllegalArgumentException(table + " has a primary key: read it in keyset pages");
        }
        this.table = table;
        this.statements = new SelectStatements(table, List.of(), null, filter);
        if (!start.isStart()) {
            this.nextPage = Long.parseLong(start.values().get(0));
            this.fileNode = Long.parseLong(start.values().get(1));
        }
    }

    @Override
    public List<Object[]> next(int batchSize) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        Pass pass = new Pass(nextPage, fileNode, rowsPerPage);
        while (rows.isEmpty() && inTransaction(connection -> nextRange(connection, pass, batchSize, rows))) {
            // a range of empty pages: on to the next, twice as long
        }
        // only move on once the whole range was read: a failed range is read again from the same page
        if (!rows.isEmpty()) {
            rowsPerPage = (double) rows.size() / pass.span;
        }
        nextPage = pass.page;
        fileNode = pass.file;
        hasMore = pass.page < pass.pages;
        return rows;
    }

    /** Where one call of {@link #next} stands; the reader takes it over only once its ranges were read. */
    private static final class Pass {
        long page;
        Long file;
        double density;
        long pages;
        long span;

        Pass(long page, Long file, double density) {
            this.page = page;
            this.file = file;
            this.density = density;
        }
    }

    /**
     * Looks at the table and reads the pass's next range into {@code rows}, in one transaction: the look locks the
     * table, so no rewrite comes between it and the read. False, reading nothing, when the pass is at the table's end.
     */
    private boolean nextRange(Connection connection, Pass pass, int batchSize, List<Object[]> rows) throws SQLException {
        TableNow now = look(connection);
        if (pass.file != null && pass.file != now.fileNode()) {
            LOG.warn("{} was rewritten (VACUUM FULL, CLUSTER or a rewriting ALTER TABLE) while being read by pages:"
                    + " reading it again from its first page", table);
            pass.page = 0;
        }
        pass.file = now.fileNode();
        pass.pages = now.pages();
        if (pass.density <= 0 && now.rowsPerPage() != null) {
            pass.density = now.rowsPerPage();
        }
        if (pass.page >= pass.pages) {
            return false;
        }
        // a run of empty pages doubles the range each time, up to the cap
        pass.span = pass.span == 0 ? pagesFor(batchSize, pass.density) : Math.min(pass.span * 2, MAX_RANGE_PAGES);
        read(connection, pass.page, pass.page + pass.span, rows);
        pass.page += pass.span;
        return true;
    }

    private record TableNow(long fileNode, long pages, Double rowsPerPage) {
    }

    private TableNow look(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TABLE_NOW)) {
            statement.setString(1, qualifiedName);
            statement.setString(2, qualifiedName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                columnsAre(rs.getLong(4));
                double perPage = rs.getDouble(3);
                return new TableNow(rs.getLong(1), rs.getLong(2), rs.wasNull() ? null : perPage);
            }
        }
    }

    private void read(Connection connection, long first, long end, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statements.pageRange())) {
            int parameter = 1;
            for (String value : statements.filter().parameters()) {
                statement.setString(parameter++, value);
            }
            statement.setString(parameter++, "(" + first + ",0)");
            statement.setString(parameter, "(" + end + ",0)");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(decoder.decode(rs));
                }
            }
        }
    }

    /** Pages that hold about {@code batchSize} rows at {@code rowsPerPage}; one page while the density is unknown. */
    static long pagesFor(int batchSize, double rowsPerPage) {
        if (rowsPerPage <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_RANGE_PAGES, (long) Math.ceil(batchSize / rowsPerPage)));
    }

    /** The next page to read, and the relation file it is a page of; {@link KeysetPosition#START} before the pass began. */
    @Override
    public KeysetPosition position() {
        if (fileNode == null) {
            return KeysetPosition.START;
        }
        return KeysetPosition.after(List.of(Long.toString(nextPage), Long.toString(fileNode)));
    }
}
