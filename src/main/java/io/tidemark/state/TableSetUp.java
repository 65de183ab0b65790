package io.tidemark.state;

import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Creating Tidemark's tables on a shared database when missing, as nodes starting together do: in one transaction
 * under an advisory lock, since two concurrent {@code CREATE ... IF NOT EXISTS} of one name can fail in PostgreSQL
 * (on a catalog's unique index).
 */
public final class TableSetUp {
    /** Any fixed number: the key of the advisory lock every node takes while it creates tables. */
    private static final long LOCK = 0x7469_6465_6d61_726bL;

    /** The statements of a set-up, on its connection. */
    @FunctionalInterface
    public interface Work {
        void on(Connection connection) throws SQLException;
    }

    private TableSetUp() {
    }

    /** Runs {@code work} on {@code connection} in a transaction of its own, one node at a time, and commits. */
    public static void once(Connection connection, Work work) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
            work.on(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            ReadTransactions.rollbackAfter(connection, e);
            throw e;
        }
    }
}
