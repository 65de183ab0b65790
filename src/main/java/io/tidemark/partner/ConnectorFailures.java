package io.tidemark.partner;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tidemark.config.ConfigException;
import io.tidemark.extract.ColumnsChangedException;
import io.tidemark.monitor.TidemarkStoppingException;
import io.tidemark.source.ReadTransactions;
import java.sql.SQLException;

/**
 * A failed call as the gRPC status it ends with: a code that says whose problem it is (the configuration, the
 * credentials, privileges, the source being unavailable, Tidemark stopping) and one line that says what failed,
 * with the table and the server's SQLSTATE where there is one. Never a stack trace; passwords are never part of
 * the messages it is made from.
 */
final class ConnectorFailures {
    private ConnectorFailures() {
    }

    /** @param table the table being read, or null when the failure is not a table's */
    static StatusRuntimeException status(Throwable failure, String table) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        String prefix = table == null ? "" : table + ": ";
        if (failure instanceof ConfigException config) {
            return Status.INVALID_ARGUMENT.withDescription(ConnectorConfiguration.inFormTerms(config).getMessage()).asRuntimeException();
        }
        if (failure instanceof TidemarkStoppingException || failure instanceof InterruptedException) {
            return Status.UNAVAILABLE.withDescription("Tidemark is stopping; the next Update continues from the last checkpoint")
                    .asRuntimeException();
        }
        if (failure instanceof ColumnsChangedException changed) {
            return Status.ABORTED.withDescription(prefix + changed.getMessage()
                    + "; the next Update continues from the last checkpoint with the columns as they are then").asRuntimeException();
        }
        if (failure instanceof SQLException sql) {
            return codeOf(sql).withDescription(prefix + describe(sql)).asRuntimeException();
        }
        String message = failure.getMessage();
        return Status.INTERNAL.withDescription(prefix + failure.getClass().getSimpleName()
                + (message == null ? "" : ": " + message.lines().findFirst().orElse(""))).asRuntimeException();
    }

    /** The server's message, first line, and its SQLSTATE. */
    static String describe(SQLException failure) {
        String state = failure.getSQLState();
        return ReadTransactions.firstLine(failure) + (state == null ? "" : " (SQLSTATE " + state + ")");
    }

    private static Status codeOf(SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        if (state.startsWith("28")) {
            return Status.UNAUTHENTICATED;
        }
        if (state.equals("42501")) {
            return Status.PERMISSION_DENIED;
        }
        if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
            return Status.UNAVAILABLE;
        }
        return Status.FAILED_PRECONDITION;
    }
}
