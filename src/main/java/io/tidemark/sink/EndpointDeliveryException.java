package io.tidemark.sink;

import java.io.IOException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.URISupport;

/**
 * The sink's endpoint did not accept a message, so the batch is not written and its checkpoint must not advance.
 * {@link #retryable()} tells the table's retry policy whether sending the batch again may succeed: an answer that
 * the request itself is wrong (an HTTP 4xx other than 408, 425 and 429) will not change, anything else may (an
 * endpoint down, a 5xx, a timeout, a full queue).
 *
 * <p>The cause is described, not kept: its message and stack may carry the endpoint's URI, credentials included,
 * and this exception is logged and recorded in {@code _tidemark.sync_runs}.
 */
public final class EndpointDeliveryException extends IOException {
    private final boolean retryable;

    private EndpointDeliveryException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** The endpoint's failure to take part {@code part} of {@code batch} ("dataset batch N"). */
    public static EndpointDeliveryException of(Exception failure, String batch, int part) {
        String status = failure instanceof HttpOperationFailedException http ? "HTTP " + http.getStatusCode() + ", " : "";
        String message = "the endpoint did not accept part " + part + " of " + batch + ": " + status
                + failure.getClass().getSimpleName() + redactedMessage(failure);
        return new EndpointDeliveryException(message, retryable(failure));
    }

    public boolean retryable() {
        return retryable;
    }

    private static boolean retryable(Exception failure) {
        if (failure instanceof HttpOperationFailedException http) {
            int code = http.getStatusCode();
            return code < 400 || code >= 500 || code == 408 || code == 425 || code == 429;
        }
        return true;
    }

    /** The failure's message with what Camel considers secret in URIs masked (userinfo, password=, ...). */
    private static String redactedMessage(Exception failure) {
        String message = failure.getMessage();
        return message == null ? "" : ": " + URISupport.sanitizeUri(message.strip());
    }
}
