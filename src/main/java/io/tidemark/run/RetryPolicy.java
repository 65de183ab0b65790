package io.tidemark.run;

import io.tidemark.extract.BatchReader;
import io.tidemark.sink.EndpointDeliveryException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Decides whether a failed step of a table's extraction is tried again (the {@code retryWhile} of the route's
 * redelivery policy): only transient database failures and retryable endpoint-sink failures, at most
 * {@code maxRetries} times, and a read only when the table's reader can continue from its last good batch.
 * Redelivery retries the failed step itself, so a retry goes on from the failed batch, never from the table's
 * first row.
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

    /**
     * The route's only bound on the attempts: Camel ignores {@code maximumRedeliveries} once {@code retryWhile}
     * decides.
     *
     * @param failure the step's failure, as it was thrown: Camel binds an {@code Exception} parameter to the
     *                exchange's exception or, while retryWhile is evaluated, to the EXCEPTION_CAUGHT property
     *                where it keeps the failure then
     * @param retry   the redelivery asked about: Camel has already counted it, so 1 when deciding on the first
     *                retry; null before any
     * @param context the failing table; null when it failed before its extraction began
     */
    public boolean shouldRetry(Exception failure, @Header(Exchange.REDELIVERY_COUNTER) Integer retry,
                               @ExchangeProperty(TableContext.PROPERTY) TableContext context) {
        if (retry != null && retry > maxRetries) {
            return false;
        }
        EndpointDeliveryException delivery = deliveryFailure(failure);
        if (delivery != null) {
            // the write step is retried with the batch it holds: the reader is not asked to read it again
            return delivery.retryable();
        }
        SyncPlan plan = context == null ? null : context.plan();
        return isTransient(failure) && (plan == null || plan.reader().canRetry());
    }

    /**
     * The same decision for a read outside a route (the Partner SDK's {@code Update}): whether {@code reader}'s
     * failed {@code next} is called again, as retry number {@code retry} (1 for the first).
     */
    public boolean shouldRetryRead(Throwable failure, int retry, BatchReader reader) {
        return retry <= maxRetries && isTransient(failure) && reader.canRetry();
    }

    private static EndpointDeliveryException deliveryFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EndpointDeliveryException delivery) {
                return delivery;
            }
        }
        return null;
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
