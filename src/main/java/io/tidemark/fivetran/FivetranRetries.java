package io.tidemark.fivetran;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Which failed Fivetran calls are sent again, and when (the {@code fivetran-call} route's redelivery). 5xx
 * answers and lost answers are retried with the policy's exponential backoff; a 429 waits what its
 * {@code Retry-After} asks (through Camel's {@code CamelRedeliveryDelay} header), unless that is longer than
 * {@code maxDelay}; any other 4xx is final. At most {@code maxRetries} retries per call.
 */
public final class FivetranRetries implements Processor {
    static final int TOO_MANY_REQUESTS = 429;
    /** When a 429 names no delay: Fivetran's limits are per minute and per hour. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final int maxRetries;
    private final Duration maxDelay;
    private final Clock clock;

    public FivetranRetries(int maxRetries, Duration maxDelay, Clock clock) {
        this.maxRetries = maxRetries;
        this.maxDelay = maxDelay;
        this.clock = clock;
    }

    /**
     * The route's {@code retryWhile}.
     *
     * @param retry the retry Camel asks about: it has already counted it, so 1 when deciding on the first retry
     */
    public boolean shouldRetry(@Header(Exchange.REDELIVERY_COUNTER) Integer retry,
                               @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure,
                               @ExchangeProperty(FivetranCalls.REQUEST) FivetranRequest request) {
        if (retry != null && retry > maxRetries) {
            return false;
        }
        if (failure instanceof HttpOperationFailedException http) {
            if (http.getStatusCode() == TOO_MANY_REQUESTS) {
                return retryAfter(http).compareTo(maxDelay) <= 0;
            }
            return http.getStatusCode() >= 500;
        }
        return causedByIo(failure) && request != null && request.retryOnIoError();
    }

    /**
     * The route's {@code onExceptionOccurred}, which Camel calls as a Processor: a 429 sets the next delay,
     * anything else leaves it to the backoff.
     */
    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) instanceof HttpOperationFailedException http
                && http.getStatusCode() == TOO_MANY_REQUESTS) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, retryAfter(http).toMillis());
        } else {
            exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }

    /** {@code Retry-After} as seconds or as an HTTP date; the default when absent or unreadable. */
    Duration retryAfter(HttpOperationFailedException http) {
        Map<String, String> headers = http.getResponseHeaders();
        String value = null;
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("Retry-After")) {
                    value = header.getValue();
                }
            }
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        value = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return DEFAULT_RETRY_AFTER;
            }
        }
    }

    private static boolean causedByIo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
