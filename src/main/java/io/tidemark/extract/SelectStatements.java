package io.tidemark.extract;

import static io.tidemark.source.SqlIdentifiers.quote;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.source.SqlIdentifiers;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The SELECT statements that read a table. Identifiers are quoted; values (key positions, bounds, limits) are
 * bound. The ordering key's columns are also selected as text ({@code "k"::text}) so the next page can bind the
 * exact server value back as {@code CAST(? AS <declared type>)}: this works for every key type (enums, citext,
 * numeric, uuid, timestamps...) without client-side conversions. A page also selects the table's column set
 * ({@link #COLUMN_SET}, once per page), so a reader notices columns added or dropped since its first page without
 * another round trip. Parameters are bound in this order: the table's name (for the column set, pages only), the row
 * filter's, the position's values, the upper bound, the limit.
 */
public final class SelectStatements {
    /**
     * The table's column set as one number, which changes with every column added (a new attnum) or dropped (one
     * fewer): the table's name is bound as {@code regclass}.
     */
    static final String COLUMN_SET = "(SELECT count(*) * 65536 + coalesce(max(a.attnum), 0) FROM pg_catalog.pg_attribute a"
            + " WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped) AS \"_tidemark_columns\"";
    private final String selectList;
    private final String from;
    private final List<String> keyColumns;
    private final List<String> keyCasts;
    private final String upperBound;
    private final RowFilter filter;

    /** Statements ordered by the primary key, without an upper bound or filter. */
    public SelectStatements(SourceTable table) {
        this(table, table.primaryKey(), null, RowFilter.NONE);
    }

    /**
     * @param keyColumns       the ordering key, unique per row (e.g. cursor then primary key)
     * @param upperBoundColumn a column that must stay at or below a bound ({@code <= ?}); null for none
     * @param filter           conditions every row read must meet
     */
    public SelectStatements(SourceTable table, List<String> keyColumns, String upperBoundColumn, RowFilter filter) {
        this.filter = filter;
        this.from = SqlIdentifiers.qualified(table.schema(), table.name());
        this.keyColumns = List.copyOf(keyColumns);
        String values = table.columns().stream().map(SelectStatements::selectExpression).collect(Collectors.joining(", "));
        // aliased: an output column named like the key would make ORDER BY "key" ambiguous
        String keysAsText = IntStream.range(0, keyColumns.size())
                .mapToObj(i -> quote(keyColumns.get(i)) + "::text AS \"_tidemark_key_" + (i + 1) + '"')
                .collect(Collectors.joining(", "));
        this.selectList = keysAsText.isEmpty() ? values : values + ", " + keysAsText;
        this.keyCasts = keyColumns.stream().map(k -> cast(table, k)).toList();
        this.upperBound = upperBoundColumn == null ? null : quote(upperBoundColumn) + " <= " + cast(table, upperBoundColumn);
    }

    private static String cast(SourceTable table, String column) {
        return "CAST(? AS " + table.column(column).orElseThrow().dataType() + ")";
    }

    private static String selectExpression(SourceColumn column) {
        return column.isArray() ? "to_json(" + quote(column.name()) + ")" : quote(column.name());
    }

    /**
     * The page that starts at {@code position}: {@code ... WHERE ... ORDER BY key LIMIT ?}; its last column is the
     * {@link #COLUMN_SET}, after the key's texts.
     */
    public String page(KeysetPosition position) {
        String where = filter.sql();
        if (position.inclusive()) {
            where = and(where, quote(keyColumns.get(0)) + " >= " + keyCasts.get(0));
        } else if (!position.isStart()) {
            where = and(where, "(" + keyList() + ") > (" + String.join(", ", keyCasts) + ")");
        }
        where = and(where, upperBound);
        return "SELECT " + selectList + ", " + COLUMN_SET + " FROM " + from + (where == null ? "" : " WHERE " + where)
                + " ORDER BY " + keyList() + " LIMIT ?";
    }

    /**
     * The rows on a range of the table's pages, for tables without a key: {@code ... WHERE ... ctid >= ? AND ctid <
     * ?}, bound as {@code tid} values ({@code (page,0)}). PostgreSQL 14 and later read exactly those pages (a TID
     * range scan).
     */
    public String pageRange() {
        String where = and(filter.sql(), "ctid >= CAST(? AS tid) AND ctid < CAST(? AS tid)");
        return "SELECT " + selectList + " FROM " + from + " WHERE " + where;
    }

    /** Whole-table read for tables without a key. */
    public String wholeTable() {
        return "SELECT " + selectList + " FROM " + from + (filter.isNone() ? "" : " WHERE " + filter.sql());
    }

    public RowFilter filter() {
        return filter;
    }

    public int keySize() {
        return keyColumns.size();
    }

    private static String and(String condition, String other) {
        if (condition == null) {
            return other;
        }
        return other == null ? condition : condition + " AND " + other;
    }

    private String keyList() {
        return keyColumns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
    }
}
