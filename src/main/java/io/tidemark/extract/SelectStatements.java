package io.tidemark.extract;

import static io.tidemark.extract.SqlIdentifiers.quote;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SELECT statements that read a table. Identifiers are quoted; values (key positions, limits) are bound.
 * Key columns are also selected as text ({@code "k"::text}) so the next page can bind the exact server value
 * back as {@code CAST(? AS <declared type>)}: this works for every key type (enums, citext, numeric, uuid,
 * timestamps...) without client-side conversions.
 */
public final class SelectStatements {
    private final String selectList;
    private final String from;
    private final List<String> keyColumns;
    private final String keyTypes;

    public SelectStatements(SourceTable table) {
        this.from = SqlIdentifiers.qualified(table.schema(), table.name());
        this.keyColumns = table.primaryKey();
        String values = table.columns().stream().map(SelectStatements::selectExpression).collect(Collectors.joining(", "));
        // aliased: an output column named like the key would make ORDER BY "key" ambiguous
        String keysAsText = java.util.stream.IntStream.range(0, keyColumns.size())
                .mapToObj(i -> quote(keyColumns.get(i)) + "::text AS \"_tidemark_key_" + (i + 1) + '"')
                .collect(Collectors.joining(", "));
        this.selectList = keysAsText.isEmpty() ? values : values + ", " + keysAsText;
        this.keyTypes = keyColumns.stream()
                .map(k -> "CAST(? AS " + table.column(k).orElseThrow().dataType() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String selectExpression(SourceColumn column) {
        return column.isArray() ? "to_json(" + quote(column.name()) + ")" : quote(column.name());
    }

    /** First keyset page: {@code ... ORDER BY key LIMIT ?}. */
    public String firstPage() {
        return "SELECT " + selectList + " FROM " + from + " ORDER BY " + keyList() + " LIMIT ?";
    }

    /** Following pages: {@code ... WHERE (key) > (?) ORDER BY key LIMIT ?}, key values then limit bound. */
    public String nextPage() {
        return "SELECT " + selectList + " FROM " + from + " WHERE (" + keyList() + ") > (" + keyTypes + ")"
                + " ORDER BY " + keyList() + " LIMIT ?";
    }

    /** Whole-table read for tables without a key. */
    public String wholeTable() {
        return "SELECT " + selectList + " FROM " + from;
    }

    private String keyList() {
        return keyColumns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
    }
}
