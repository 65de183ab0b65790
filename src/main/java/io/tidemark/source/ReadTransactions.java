package io.tidemark.source;

import java.sql.Connection;
import java.sql.SQLException;

/** Ending read-only transactions on the source, and reporting their errors. */
public final class ReadTransactions {
    private ReadTransactions() {
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

    /** The first line of a database error, for one-line messages (pgjdbc adds detail lines such as "Position"). */
    public static String firstLine(Exception error) {
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
