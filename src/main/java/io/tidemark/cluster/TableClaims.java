package io.tidemark.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.TableRun;
import io.tidemark.source.ReadTransactions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The claim table on the cluster's control database ({@code tidemark_claims}): the node that fires a cycle queues its
 * tables there in processing order; every node claims the next ones of a category with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, so that no two nodes claim one row; a claim lives as long as its node
 * renews it, and one not renewed for the claim timeout is claimed again by another node (with the next attempt
 * number, which fences the node that lost it: its renewals, checkpoints and outcome no longer match). A table is
 * never claimed while an earlier cycle's row of it is open. No statement here waits for another node's row lock.
 */
public final class TableClaims {
    /**
     * Open claims of cycles before the one being queued are superseded by it (their firing node is gone): queued ones,
     * and claimed ones nobody renews. A row locked by a checkpoint under way (its node may be frozen mid-transaction)
     * is skipped, never waited for: it stays open, and its table waits for it (see {@link #CLAIM}).
     */
    private static final String SUPERSEDE = """
            UPDATE tidemark_claims c SET status = 'superseded', finished_at = now()
             WHERE (c.run_id, c.position) IN (
                   SELECT o.run_id, o.position FROM tidemark_claims o
                    WHERE o.status = 'queued'
                       OR (o.status = 'claimed' AND o.heartbeat_at < now() - ? * interval '1 millisecond')
                    FOR UPDATE SKIP LOCKED)
            """;
    private static final String FORGET_OLD = """
            DELETE FROM tidemark_claims WHERE status IN ('done', 'superseded') AND finished_at < now() - interval '7 days'
            """;
    private static final String QUEUE = """
            INSERT INTO tidemark_claims (run_id, position, table_name, category, source_table, preprocess_rows,
                                         preprocess_error, fired_by)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)
            """;
    /**
     * The next open rows of a category, oldest cycle first (by when it was queued: the database's clock, not a node's),
     * in processing order: queued, or claimed by a node that stopped renewing. Rows locked by another node's claim or checkpoint under way are skipped; so is a table while
     * an earlier cycle's row of it is still open (being read, or left open by a frozen node), so that two cycles' rows
     * of one table are never claimed at once.
     */
    private static final String CLAIM = """
            WITH claimed AS (
                UPDATE tidemark_claims c
                   SET status = 'claimed', node = ?, attempt = c.attempt + 1, heartbeat_at = now()
                 WHERE (c.run_id, c.position) IN (
                       SELECT q.run_id, q.position FROM tidemark_claims q
                        WHERE q.category = ?
                          AND (q.status = 'queued'
                               OR (q.status = 'claimed' AND q.heartbeat_at < now() - ? * interval '1 millisecond'))
                          AND NOT EXISTS (SELECT 1 FROM tidemark_claims o
                                           WHERE o.table_name = q.table_name AND o.status IN ('queued', 'claimed')
                                             AND (o.queued_at, o.run_id) < (q.queued_at, q.run_id))
                        ORDER BY q.queued_at, q.run_id, q.position
                        LIMIT ?
                        FOR UPDATE SKIP LOCKED)
                RETURNING c.run_id, c.position, c.attempt, c.source_table::text AS source_table, c.preprocess_rows,
                          c.preprocess_error, c.queued_at)
            SELECT run_id, position, attempt, source_table, preprocess_rows, preprocess_error
              FROM claimed ORDER BY queued_at, run_id, position
            """;
    private static final String RENEW = """
            UPDATE tidemark_claims SET heartbeat_at = now()
             WHERE status = 'claimed' AND node = ?
               AND (run_id, position, attempt) IN (SELECT * FROM unnest(?::text[], ?::int[], ?::int[]))
            RETURNING run_id, position, attempt
            """;
    private static final String FINISH = """
            UPDATE tidemark_claims
               SET status = 'done', heartbeat_at = now(), started_at = ?, finished_at = ?, outcome = ?, rows = ?,
                   batches = ?, error = ?
             WHERE run_id = ? AND position = ? AND node = ? AND attempt = ? AND status = 'claimed'
            """;
    /** A claim still held, renewed: in a checkpoint's transaction, the row stays locked until that commits. */
    private static final String HOLDS = """
            UPDATE tidemark_claims SET heartbeat_at = now()
             WHERE run_id = ? AND position = ? AND node = ? AND attempt = ? AND status = 'claimed'
            """;
    private static final String RELEASE = """
            UPDATE tidemark_claims SET status = 'queued', node = NULL, heartbeat_at = NULL
             WHERE run_id = ? AND position = ? AND node = ? AND attempt = ? AND status = 'claimed'
            """;
    private static final String OPEN_ROWS = """
            SELECT count(*) FROM tidemark_claims WHERE run_id = ? AND status IN ('queued', 'claimed')
            """;
    private static final String CYCLE_ROWS = """
            SELECT position, source_table::text, status, node, started_at, finished_at, outcome, rows, batches, error
              FROM tidemark_claims WHERE run_id = ? ORDER BY position
            """;

    private final DataSource control;
    private final long claimTimeoutMillis;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public TableClaims(DataSource control, Duration claimTimeout, Clock clock) {
        this.control = control;
        this.claimTimeoutMillis = claimTimeout.toMillis();
        this.clock = clock;
    }

    /** One claim of one row: the node that holds it and the claim's attempt number, which a takeover increments. */
    public record Claim(String runId, int position, String node, int attempt) {
    }

    /** A claimed row: the claim, and what the claiming node needs to run the table. */
    public record ClaimedRow(Claim claim, SourceTable table, Preprocessing.Outcome preprocessing) {
    }

    /**
     * Queues a cycle's tables, in processing order ({@code position} 1, 2, ...), in one transaction that also
     * supersedes the open rows of earlier cycles nobody holds (a cycle whose firing node died; its tables are in this
     * one again) and forgets rows finished more than 7 days ago.
     *
     * @param preprocessed what preprocessing did to each table this cycle, by {@code schema.table}; may be null
     */
    public void queue(String runId, String firedBy, List<SourceTable> tables, Map<String, Preprocessing.Outcome> preprocessed)
            throws SQLException {
        try (Connection connection = control.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement supersede = connection.prepareStatement(SUPERSEDE);
                     Statement forget = connection.createStatement()) {
                    supersede.setLong(1, claimTimeoutMillis);
                    supersede.executeUpdate();
                    forget.executeUpdate(FORGET_OLD);
                }
                try (PreparedStatement queue = connection.prepareStatement(QUEUE)) {
                    for (int i = 0; i < tables.size(); i++) {
                        SourceTable table = tables.get(i);
                        Preprocessing.Outcome outcome = preprocessed == null ? null : preprocessed.get(table.qualifiedName());
                        queue.setString(1, runId);
                        queue.setInt(2, i + 1);
                        queue.setString(3, table.qualifiedName());
                        queue.setString(4, table.category().label());
                        queue.setString(5, json.writeValueAsString(table));
                        queue.setObject(6, outcome == null ? null : outcome.rows(), Types.BIGINT);
                        queue.setString(7, outcome == null ? null : outcome.error());
                        queue.setString(8, firedBy);
                        queue.addBatch();
                    }
                    queue.executeBatch();
                }
                connection.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e instanceof SQLException sql ? sql : new SQLException("cannot queue the cycle's tables: " + e.getMessage(), e);
            }
        }
    }

    /** Claims up to {@code limit} open rows of {@code category} for {@code node}, in the order they are to run. */
    public List<ClaimedRow> claim(SizeCategory category, String node, int limit) throws SQLException {
        List<ClaimedRow> claimed = new ArrayList<>();
        if (limit <= 0) {
            return claimed;
        }
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, node);
            statement.setString(2, category.label());
            statement.setLong(3, claimTimeoutMillis);
            statement.setInt(4, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long preprocessRows = rs.getLong(5);
                    boolean preprocessed = !rs.wasNull();
                    claimed.add(new ClaimedRow(new Claim(rs.getString(1), rs.getInt(2), node, rs.getInt(3)),
                            table(rs.getString(4)),
                            preprocessed ? new Preprocessing.Outcome(preprocessRows, rs.getString(6)) : null));
                }
            }
        }
        return claimed;
    }

    /** Renews {@code node}'s claims; returns the ones that are still its own (the others were taken over). */
    public Set<Claim> renew(String node, Collection<Claim> toRenew) throws SQLException {
        Set<Claim> held = new HashSet<>();
        // one copy for the three arrays: the caller's collection may change meanwhile (tables finishing)
        List<Claim> claims = List.copyOf(toRenew);
        if (claims.isEmpty()) {
            return held;
        }
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(RENEW)) {
            Array runIds = connection.createArrayOf("text", claims.stream().map(Claim::runId).toArray());
            Array positions = connection.createArrayOf("int4", claims.stream().map(Claim::position).toArray());
            Array attempts = connection.createArrayOf("int4", claims.stream().map(Claim::attempt).toArray());
            statement.setString(1, node);
            statement.setArray(2, runIds);
            statement.setArray(3, positions);
            statement.setArray(4, attempts);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    held.add(new Claim(rs.getString(1), rs.getInt(2), node, rs.getInt(3)));
                }
            }
        }
        return held;
    }

    /** Records the table's outcome on its row; false when the claim is no longer this node's (it was taken over). */
    public boolean finish(Claim claim, TableRun run) throws SQLException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(FINISH)) {
            statement.setTimestamp(1, Timestamp.from(run.startedAt()));
            statement.setTimestamp(2, Timestamp.from(run.finishedAt() == null ? clock.instant() : run.finishedAt()));
            statement.setString(3, run.status().label());
            statement.setLong(4, run.rows());
            statement.setInt(5, run.batches());
            statement.setString(6, run.error());
            setClaim(statement, 7, claim);
            return statement.executeUpdate() == 1;
        }
    }

    /**
     * Gives the row back to the queue (the table was interrupted here: another node resumes it from its checkpoint at
     * once); false when the claim is no longer this node's.
     */
    public boolean release(Claim claim) throws SQLException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            setClaim(statement, 1, claim);
            return statement.executeUpdate() == 1;
        }
    }

    /** Whether {@code claim} still holds, renewing it. */
    boolean holds(Claim claim) throws SQLException {
        try (Connection connection = control.getConnection()) {
            return holds(connection, claim);
        }
    }

    /** Whether {@code claim} still holds, renewing it, on {@code connection} (in the caller's transaction). */
    boolean holds(Connection connection, Claim claim) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLDS)) {
            setClaim(statement, 1, claim);
            return statement.executeUpdate() == 1;
        }
    }

    private static void setClaim(PreparedStatement statement, int first, Claim claim) throws SQLException {
        statement.setString(first, claim.runId());
        statement.setInt(first + 1, claim.position());
        statement.setString(first + 2, claim.node());
        statement.setInt(first + 3, claim.attempt());
    }

    /** Rows of the cycle still queued or claimed. */
    public int open(String runId) throws SQLException {
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(OPEN_ROWS)) {
            statement.setString(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * The cycle's tables as the nodes reported them, in processing order: done rows with their outcome; a row still
     * open, or superseded, as interrupted with {@code openReason}.
     */
    public List<TableRun> outcomes(String runId, String openReason) throws SQLException {
        List<TableRun> runs = new ArrayList<>();
        try (Connection connection = control.getConnection();
             PreparedStatement statement = connection.prepareStatement(CYCLE_ROWS)) {
            statement.setString(1, runId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    SourceTable table = table(rs.getString(2));
                    boolean done = "done".equals(rs.getString(3));
                    Instant started = instant(rs.getTimestamp(5));
                    Instant finished = instant(rs.getTimestamp(6));
                    Instant now = clock.instant();
                    runs.add(done
                            ? TableRun.reported(runId, rs.getInt(1), table, rs.getString(4), started, finished,
                                    TableRun.Status.valueOf(rs.getString(7).toUpperCase(Locale.ROOT)), rs.getString(10),
                                    rs.getLong(8), rs.getInt(9))
                            : TableRun.reported(runId, rs.getInt(1), table, rs.getString(4), started == null ? now : started,
                                    now, TableRun.Status.INTERRUPTED, "superseded".equals(rs.getString(3))
                                            ? "superseded by a later cycle" : openReason, 0, 0));
                }
            }
        }
        return runs;
    }

    private SourceTable table(String sourceTable) throws SQLException {
        try {
            return json.readValue(sourceTable, SourceTable.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable table in tidemark_claims: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
