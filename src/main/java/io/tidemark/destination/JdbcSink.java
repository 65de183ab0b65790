package io.tidemark.destination;

import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.RowBatch;
import io.tidemark.sink.CheckpointingWriter;
import io.tidemark.sink.RecordSink;
import io.tidemark.source.ReadTransactions;
import io.tidemark.state.JdbcStateStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@code jdbc} sink: every dataset is a table of a PostgreSQL destination schema, a source table
 * {@code schema.table} the table {@code table}, Tidemark's {@code _tidemark.<name>} the table {@code _tidemark_<name>}.
 * Each batch is one destination transaction: COPY into a staging table, then one set-based upsert by the key (or,
 * for a delete batch, a soft delete) — or, while a table's batches are all new rows, one COPY straight into the
 * table — committed before {@link #write} returns, so the route checkpoints only what is committed; with
 * {@link #checkpointingIn} the checkpoint is part of that transaction. Writing a batch again changes nothing but
 * {@code _tidemark_synced_at}: a replay after a failure never duplicates. A failure rolls the whole batch back; the
 * SQLException stays the cause, so the route's retry policy tells transient failures (connection lost, deadlock,
 * ...) from permanent ones.
 */
public final class JdbcSink implements RecordSink {
    private static final String UNIQUE_VIOLATION = "23505";
    private final DataSource destination;
    private final DestinationTables tables;
    /** The destination tables as last prepared, by dataset; table creation and changes are serialized. */
    private final Map<String, DestinationTable> prepared = new ConcurrentHashMap<>();
    private final Object schemaChanges = new Object();
    /**
     * Source tables whose batches are first copied straight into the destination table this cycle: a snapshot into
     * a new table is all inserts, and one COPY costs half of COPY into staging plus the upsert. The first batch that
     * meets an existing key takes its table off this set until the next cycle's {@link #prepare(SourceTable)}.
     */
    private final Set<String> insertsFirst = ConcurrentHashMap.newKeySet();

    public JdbcSink(DataSource destination, String schema) {
        this.destination = destination;
        this.tables = new DestinationTables(schema);
    }

    /** Tables need columns: a source table's come with {@link #prepare(SourceTable)}, Tidemark's with their first batch. */
    @Override
    public void prepare(String dataset) {
        // nothing to do without columns
    }

    /** Creates the table on first sight, or applies the source's schema changes to it. */
    @Override
    public void prepare(SourceTable table) throws IOException {
        synchronized (schemaChanges) {
            try (Connection connection = destination.getConnection()) {
                try {
                    DestinationTable desired = tables.fromSource(connection, table);
                    DestinationTable actual = tables.ensure(connection, desired, "source table " + table.qualifiedName(), true);
                    prepared.put(table.qualifiedName(), actual);
                    if (!actual.keyedByRowHash()) {
                        // a row-hash key is not unique in a batch (equal rows): those tables are always staged
                        insertsFirst.add(table.qualifiedName());
                    }
                } catch (SQLException | DestinationTableMismatch | RuntimeException e) {
                    ReadTransactions.rollbackAfter(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                throw new IOException("Preparing the destination table of " + table + " failed: " + ReadTransactions.firstLine(e), e);
            }
        }
    }

    @Override
    public void write(RowBatch batch) throws IOException {
        write(batch, connection -> { });
    }

    /**
     * Batches and checkpoints in one destination transaction each, for a checkpoint store in the destination
     * database (the same database and user): a crash or failure leaves both or neither.
     */
    public CheckpointingWriter checkpointingIn(JdbcStateStore states) {
        return (batch, checkpoint, fence) -> write(batch, connection -> {
            fence.verify(connection);
            if (checkpoint != null) {
                states.save(connection, checkpoint);
            }
        });
    }

    /** Writes the batch, then {@code alsoWrite} in the same transaction, and commits. */
    private void write(RowBatch batch, InTransaction alsoWrite) throws IOException {
        if (batch.rows().isEmpty()) {
            return;
        }
        DestinationTable target = target(batch);
        try (Connection connection = destination.getConnection()) {
            try {
                boolean inserted = batch.op() == RowBatch.Op.UPSERT && insertsFirst.contains(batch.dataset())
                        && insertedAll(connection, target, batch);
                if (!inserted) {
                    stageAndApply(connection, target, batch);
                }
                alsoWrite.on(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("Writing batch " + batch.sequence() + " of " + batch.dataset() + " to "
                    + target.displayName() + " failed: " + ReadTransactions.firstLine(e), e);
        }
    }

    /** More work in a batch's transaction. */
    @FunctionalInterface
    private interface InTransaction {
        void on(Connection connection) throws SQLException;
    }

    /** COPY into the staging table, then the one statement that upserts (or soft-deletes) the staged rows. */
    private static void stageAndApply(Connection connection, DestinationTable target, RowBatch batch) throws SQLException {
        BatchCopy.intoStaging(connection, target, batch);
        String apply = batch.op() == RowBatch.Op.DELETE ? Upserts.softDelete(target)
                : Upserts.upsert(target, BatchCopy.stagedColumns(target, batch));
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(apply);
        }
    }

    /**
     * Copies the batch straight into the table as the transaction's first statement; true when every row was new.
     * When a key is there already (a batch written again, or rows read again), the transaction is rolled back —
     * it held nothing else — and the table's batches are staged and upserted for the rest of the cycle.
     */
    private boolean insertedAll(Connection connection, DestinationTable target, RowBatch batch) throws SQLException {
        try {
            BatchCopy.intoTable(connection, target, batch);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback();
            insertsFirst.remove(batch.dataset());
            return false;
        }
    }

    private DestinationTable target(RowBatch batch) throws IOException {
        DestinationTable known = prepared.get(batch.dataset());
        if (known != null && batch.columns().stream().allMatch(name -> known.column(name).isPresent())) {
            return known;
        }
        if (!OwnDatasets.isOwn(batch.dataset())) {
            throw new IllegalStateException(batch.dataset() + " was not prepared before its batches"
                    + (known == null ? "" : " or has columns its destination table lacks"));
        }
        synchronized (schemaChanges) {
            try (Connection connection = destination.getConnection()) {
                try {
                    DestinationTable desired = tables.withOwnColumns(OwnDatasets.tableName(batch.dataset()),
                            OwnDatasets.inferColumns(batch), OwnDatasets.key(batch.dataset()));
                    DestinationTable actual = tables.ensure(connection, desired, "dataset " + batch.dataset(), false);
                    prepared.put(batch.dataset(), actual);
                    return actual;
                } catch (SQLException | DestinationTableMismatch | RuntimeException e) {
                    ReadTransactions.rollbackAfter(connection, e);
                    throw e;
                }
            } catch (SQLException e) {
                throw new IOException("Preparing the destination table of " + batch.dataset() + " failed: "
                        + ReadTransactions.firstLine(e), e);
            }
        }
    }
}
