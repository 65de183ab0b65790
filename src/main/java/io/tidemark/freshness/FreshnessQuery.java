package io.tidemark.freshness;

import io.tidemark.config.ConfigException;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.extract.RowDecoder;
import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs {@code tidemark.freshness.query} on the source: in a read-only transaction (the read pool's), with a
 * statement timeout, streamed with a fetch size, each value decoded losslessly as table rows are.
 */
public final class FreshnessQuery {
    private static final int FETCH_SIZE = 1_000;
    private static final String UNDEFINED_TABLE = "42P01";

    private final DataSource source;
    private final String query;
    private final String statusColumn;
    private final Duration timeout;

    public FreshnessQuery(DataSource source, String query, String statusColumn, Duration timeout) {
        this.source = source;
        this.query = query;
        this.statusColumn = statusColumn;
        this.timeout = timeout;
    }

    /** The query's rows, with the column names and the status column's index. */
    public record Result(List<String> columns, int statusIndex, List<Object[]> rows) {
    }

    /**
     * Checks the query against the source before anything runs. A query that does not run, or lacks the status
     * column, is a configuration error; the one exception is a query whose table is missing when
     * {@code missingTableMeansSkip} (the shipped demo query on another database): then the reason is returned.
     *
     * @param connectionColumnRequired whether the query must name each row's connection (no connection configured)
     */
    public String check(boolean missingTableMeansSkip, boolean connectionColumnRequired) {
        try (Connection connection = source.getConnection()) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT * FROM (" + query + ") AS freshness LIMIT 0")) {
                List<String> columns = names(statement.executeQuery().getMetaData());
                connection.commit();
                if (!columns.contains(statusColumn)) {
                    throw new ConfigException("tidemark.freshness.status-column", "the freshness query returns no column '"
                            + statusColumn + "' (it returns " + String.join(", ", columns) + ")");
                }
                if (connectionColumnRequired && !columns.contains(RatioRule.CONNECTION_COLUMN)) {
                    throw new ConfigException("tidemark.fivetran.connection-id", "must be set when the Fivetran API key is set,"
                            + " unless the freshness query returns a " + RatioRule.CONNECTION_COLUMN + " column");
                }
                return null;
            } catch (SQLException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            String reason = ReadTransactions.firstLine(e);
            if (missingTableMeansSkip && UNDEFINED_TABLE.equals(e.getSQLState())) {
                return "the demo freshness query does not fit this database (" + reason
                        + "); set tidemark.freshness.query, or tidemark.freshness.enabled=false";
            }
            throw new ConfigException("tidemark.freshness.query", "does not run on the source: " + reason);
        }
    }

    public Result run() throws SQLException {
        try (Connection connection = source.getConnection()) {
            try {
                ReadTransactions.limitStatements(connection, timeout);
                Result result;
                try (PreparedStatement statement = connection.prepareStatement(query)) {
                    statement.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = statement.executeQuery()) {
                        RowDecoder decoder = new RowDecoder(columns(rs.getMetaData()));
                        List<Object[]> rows = new ArrayList<>();
                        while (rs.next()) {
                            rows.add(decoder.decode(rs));
                        }
                        List<String> columns = decoder.columnNames();
                        result = new Result(columns, columns.indexOf(statusColumn), rows);
                    }
                }
                connection.commit();
                if (result.statusIndex() < 0) {
                    throw new SQLException("the freshness query returned no column '" + statusColumn + "'");
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    private static List<String> names(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }

    /** The result's columns by their PostgreSQL type names (arrays as their text: the query does not select to_json). */
    private static List<SourceColumn> columns(ResultSetMetaData meta) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            // pgjdbc names a serial column's type "serial"; arrays ("_int4") are read as text
            String type = switch (meta.getColumnTypeName(i)) {
                case "serial" -> "int4";
                case "bigserial" -> "int8";
                case "smallserial" -> "int2";
                default -> meta.getColumnTypeName(i);
            };
            columns.add(new SourceColumn(meta.getColumnLabel(i), i, type, type.startsWith("_") ? "text" : type, "S",
                    false, null, null));
        }
        return columns;
    }
}
