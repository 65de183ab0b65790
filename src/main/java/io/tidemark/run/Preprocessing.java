package io.tidemark.run;

import io.tidemark.config.PreprocessSql;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SourceTable;
import io.tidemark.source.ReadTransactions;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preprocessing (README, "Incremental sync"): before a cycle's extraction, {@code tidemark.preprocess.sql} runs
 * once for each discovered table matching {@code tidemark.preprocess.tables}, in one transaction per table, with
 * {@code :table} (its {@code schema.table}), {@code :last_sync} (its last checkpoint, or NULL) and
 * {@code :connection_ids} ({@code tidemark.fivetran.connection-id}) bound as values. A failing table is rolled
 * back and recorded; the others and the extraction go on. Outcomes reach each table's {@code _tidemark.sync_runs}
 * record.
 */
public final class Preprocessing {
    private static final Logger LOG = LoggerFactory.getLogger(Preprocessing.class);
    /** Exchange property: {@code Map<String, Outcome>} by {@code schema.table}. */
    public static final String OUTCOMES = "tidemarkPreprocessing";

    private final List<PreprocessSql.Statement> statements;
    private final List<Pattern> tables;
    private final TidemarkConfig.Source source;
    private final StateStore states;
    private final List<String> connectionIds;

    /** One table's preprocessing: rows the statements changed, or the error. */
    public record Outcome(long rows, String error) {
    }

    public Preprocessing(List<PreprocessSql.Statement> statements, List<Pattern> tables, TidemarkConfig.Source source,
                         StateStore states, List<String> connectionIds) {
        this.statements = statements;
        this.tables = tables;
        this.source = source;
        this.states = states;
        this.connectionIds = connectionIds;
    }

    /**
     * Preprocesses the matching tables of {@code discovered}; the outcomes, by {@code schema.table}, become the
     * {@link #OUTCOMES} property. One connection serves the run, one transaction each table.
     */
    public Map<String, Outcome> run(@Body List<SourceTable> discovered) throws IOException {
        Map<String, Outcome> outcomes = new HashMap<>();
        if (statements.isEmpty()) {
            return outcomes;
        }
        List<String> names = discovered.stream().map(SourceTable::qualifiedName)
                .filter(name -> tables.stream().anyMatch(p -> p.matcher(name).matches())).toList();
        if (names.isEmpty()) {
            return outcomes;
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", source.username());
        credentials.setProperty("password", source.password());
        credentials.setProperty("ApplicationName", "tidemark");
        try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), credentials)) {
            connection.setAutoCommit(false);
            for (String name : names) {
                outcomes.put(name, preprocess(connection, name));
            }
        } catch (SQLException e) {
            // no connection: every listed table is recorded as not preprocessed, and extraction goes on
            String error = ReadTransactions.firstLine(e);
            LOG.warn("Preprocessing could not connect to the source: {}", error);
            names.forEach(name -> outcomes.putIfAbsent(name, new Outcome(0, error)));
        }
        return outcomes;
    }

    private Outcome preprocess(Connection connection, String table) throws IOException {
        Optional<TableState> state = states.load(table);
        long rows = 0;
        try {
            for (PreprocessSql.Statement statement : statements) {
                try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                    int index = 1;
                    for (String parameter : statement.parameters()) {
                        switch (parameter) {
                            case "table" -> prepared.setString(index++, table);
                            case "last_sync" -> prepared.setString(index++, state.map(TableState::updatedAt).orElse(null));
                            default -> prepared.setArray(index++, connection.createArrayOf("text", connectionIds.toArray()));
                        }
                    }
                    prepared.execute();
                    rows += Math.max(0, prepared.getUpdateCount());
                }
            }
            connection.commit();
            LOG.info("Preprocessed {}: {} rows changed", table, rows);
            return new Outcome(rows, null);
        } catch (SQLException e) {
            ReadTransactions.rollbackAfter(connection, e);
            String error = ReadTransactions.firstLine(e);
            LOG.warn("Preprocessing {} failed and was rolled back: {}", table, error);
            return new Outcome(0, error);
        }
    }
}
