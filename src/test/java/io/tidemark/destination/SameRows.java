package io.tidemark.destination;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.source.SqlIdentifiers;
import io.tidemark.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Compares a source table with its destination table row by row and column by column, in PostgreSQL's own text
 * form of each typed value ({@code column::text}, read on both sides in the same session settings): a lost digit,
 * zone, byte or array element shows as a difference. Destination rows marked deleted are left out.
 */
final class SameRows {
    private SameRows() {
    }

    static void assertSame(TestDatabase source, String sourceSchema, String table, TestDatabase destination,
                           String destinationSchema) throws SQLException {
        List<String> columns = columns(source, sourceSchema, table);
        List<List<String>> expected = rows(source, SqlIdentifiers.qualified(sourceSchema, table), columns, "true");
        List<List<String>> actual = rows(destination, SqlIdentifiers.qualified(destinationSchema, table), columns,
                "NOT " + SqlIdentifiers.quote(DestinationTable.DELETED));
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            // the first differing row, column by column, says more than two long lists
            assertThat(pairs(columns, actual.get(i))).as("row %d of %s.%s in the destination", i + 1, sourceSchema, table)
                    .isEqualTo(pairs(columns, expected.get(i)));
        }
        assertThat(actual).as("rows of %s.%s in the destination", sourceSchema, table).hasSameSizeAs(expected);
    }

    private static List<String> pairs(List<String> columns, List<String> values) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            pairs.add(columns.get(i) + "=" + values.get(i));
        }
        return pairs;
    }

    static List<String> columns(TestDatabase database, String schema, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT a.attname FROM pg_attribute a"
                     + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        assertThat(columns).as("columns of %s.%s", schema, table).isNotEmpty();
        return columns;
    }

    static List<List<String>> rows(TestDatabase database, String qualifiedTable, List<String> columns, String where)
            throws SQLException {
        String select = columns.stream().map(c -> SqlIdentifiers.quote(c) + "::text").collect(Collectors.joining(", "));
        String order = java.util.stream.IntStream.rangeClosed(1, columns.size()).mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT " + select + " FROM " + qualifiedTable
                     + " WHERE " + where + " ORDER BY " + order);
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static long count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
