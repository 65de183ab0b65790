package io.tidemark.source;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** Ending read-only transactions on the source, and reporting their errors. */
public final class ReadTransactions {
    private ReadTransactions() {
    }

    /** Work on one connection, in one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection of {@code dataSource} (autoCommit off) and commits; on failure rolls
     * back (see {@link #rollbackAfter}) and rethrows.
     */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.on(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /**
     * Rolls back after {@code failure} without hiding it: when the connection is already gone (the very
     * failure being handled, e.g. the server terminated the session), the rollback's own error is only
     * attached as suppressed, so that retry decisions still see the original cause.
     */
    public static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /** Cancels each statement of the current transaction that runs longer than {@code timeout}. */
    public static void limitStatements(Connection connection, Duration timeout) throws SQLException {
        try (PreparedStatement setting = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            setting.setString(1, Long.toString(timeout.toMillis()));
            setting.execute();
        }
    }

    /** The first line of a database error, for one-line messages (pgjdbc adds detail lines such as "Position"). */
    public static String firstLine(Exception error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
