package io.tidemark.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.source.ReadTransactions;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checkpoints in a {@code tidemark_state} table of a control PostgreSQL database (created when missing): one row
 * per table, its state as {@code jsonb}, upserted in its own transaction, so a save is complete or not at all.
 * When Fivetran connections were last triggered is in a table of its own, {@code tidemark_fivetran_triggers}, so
 * that {@link #tables()} never mistakes one for a checkpoint; PostgreSQL keeps its instants to the microsecond.
 */
public final class JdbcStateStore implements StateStore {
    static final String CREATE_TABLE = """
            CREATE TABLE IF NOT EXISTS tidemark_state (
                table_name text PRIMARY KEY,
                state jsonb NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now())
            """;
    static final String CREATE_TRIGGERS_TABLE = """
            CREATE TABLE IF NOT EXISTS tidemark_fivetran_triggers (
                connection_id text PRIMARY KEY,
                triggered_at timestamptz NOT NULL)
            """;

    /** Whether the session's user may insert and update the checkpoints (the table exists once the store was opened). */
    static final String WRITABLE_SQL = "SELECT has_table_privilege('tidemark_state', 'INSERT, UPDATE')";
    private static final String SAVE = """
            INSERT INTO tidemark_state (table_name, state, updated_at) VALUES (?, CAST(? AS jsonb), now())
            ON CONFLICT (table_name) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at
            """;

    private final DataSource control;
    // a checkpoint written by a later Tidemark (with fields this one does not know) still reads: downgrades work
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Creates the tables when missing (nodes of a cluster start together: {@link TableSetUp}). */
    public JdbcStateStore(DataSource control) throws SQLException {
        this.control = control;
        try (Connection connection = control.getConnection()) {
            TableSetUp.once(connection, setUp -> {
                try (Statement statement = setUp.createStatement()) {
                    statement.execute(CREATE_TABLE);
                    statement.execute(CREATE_TRIGGERS_TABLE);
                }
            });
        }
    }

    @Override
    public Optional<TableState> load(String table) throws IOException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT state::text FROM tidemark_state WHERE table_name = ?")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(json.readValue(rs.getString(1), TableState.class)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("Loading the checkpoint of " + table + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(TableState state) throws IOException {
        save(state, CheckpointFence.NONE);
    }

    @Override
    public void save(TableState state, CheckpointFence fence) throws IOException {
        try (Connection connection = control.getConnection()) {
            if (fence == CheckpointFence.NONE) {
                save(connection, state);
                return;
            }
            connection.setAutoCommit(false);
            try {
                fence.verify(connection);
                save(connection, state);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("Saving the checkpoint of " + state.table() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the checkpoint on {@code connection}, a connection to this store's database, in whatever transaction it
     * has open: a sink writing to the same database commits a batch and its checkpoint together.
     */
    public void save(Connection connection, TableState state) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SAVE)) {
            statement.setString(1, state.table());
            statement.setString(2, json.writeValueAsString(state));
            statement.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checkpoint could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean delete(String table) throws IOException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement("DELETE FROM tidemark_state WHERE table_name = ?")) {
            statement.setString(1, table);
            return statement.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IOException("Removing the checkpoint of " + table + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> tables() throws IOException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = control.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name FROM tidemark_state ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("Listing checkpoints failed: " + e.getMessage(), e);
        }
        return tables;
    }

    @Override
    public Optional<Instant> lastTriggered(String connectionId) throws IOException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT triggered_at FROM tidemark_fivetran_triggers WHERE connection_id = ?")) {
            statement.setString(1, connectionId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IOException("Loading the last trigger of Fivetran connection " + connectionId + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void saveTriggered(String connectionId, Instant at) throws IOException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     INSERT INTO tidemark_fivetran_triggers (connection_id, triggered_at) VALUES (?, ?)
                     ON CONFLICT (connection_id) DO UPDATE SET triggered_at = EXCLUDED.triggered_at
                     """)) {
            statement.setString(1, connectionId);
            statement.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("Saving the last trigger of Fivetran connection " + connectionId + " failed: "
                    + e.getMessage(), e);
        }
    }
}
