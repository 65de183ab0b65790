package io.tidemark.run;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Decides whether a failed step of a table's extraction is tried again (the {@code retryWhile} of the route's
 * redelivery policy): only transient database failures, at most {@code maxRetries} times, and only when the
 * table's reader can continue from its last good batch. Redelivery retries the failed step itself, so a retry
 * goes on from the failed batch, never from the table's first row.
 */
public final class RetryPolicy {
    /** SQLSTATE classes and codes that a later attempt can get past: connection loss, deadlock, shutdown, resources. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57");
    private static final Set<String> TRANSIENT_CODES = Set.of("40001", "40P01", "55P03");
    private static final Set<String> PERMANENT_CODES = Set.of("57014"); // canceled by statement timeout or user

    private final int maxRetries;

    public RetryPolicy(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public boolean shouldRetry(Exchange exchange) {
        // Camel has already counted the redelivery it asks about: 1 when deciding on the first retry
        int retry = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (retry > maxRetries) {
            return false;
        }
        // while retryWhile is evaluated, Camel keeps the failure in EXCEPTION_CAUGHT, not on the exchange
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        SyncPlan plan = exchange.getProperty(SyncExchange.PLAN, SyncPlan.class);
        return isTransient(failure) && (plan == null || plan.reader().canRetry());
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (PERMANENT_CODES.contains(state)) {
                    return false;
                }
                if (TRANSIENT_CODES.contains(state) || (state.length() == 5 && TRANSIENT_CLASSES.contains(state.substring(0, 2)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
