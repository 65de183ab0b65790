package io.tidemark.fivetran;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code fivetran-call} route around camel-http: turn a {@link FivetranRequest} into an HTTP
 * message, and the answer, or the failure left after retries, into a {@link FivetranResponse}. Credentials are
 * the endpoint's (Basic auth), never on the exchange.
 */
public final class FivetranCalls {
    private static final Logger LOG = LoggerFactory.getLogger(FivetranCalls.class);
    /** The request being sent, kept for the retry policy and for the failure's response. */
    public static final String REQUEST = "tidemarkFivetranRequest";
    static final String ACCEPT = "application/json;version=2";
    /** Enough of an answer to diagnose it; Fivetran's answers are small. */
    static final int MAX_BODY = 4_000;

    public void prepare(FivetranRequest request, Exchange exchange) {
        exchange.setProperty(REQUEST, request);
        // camel-http sends the message's headers: only the ones Fivetran needs go out
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.method());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, request.path());
        exchange.getMessage().setHeader("Accept", ACCEPT);
        if (request.jsonBody() != null) {
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
        exchange.getMessage().setBody(request.jsonBody());
    }

    public FivetranResponse received(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof FivetranResponse failure) {
            // the call failed for good: the route continued after failed() made this response
            return failure;
        }
        FivetranRequest request = exchange.getProperty(REQUEST, FivetranRequest.class);
        FivetranResponse response = new FivetranResponse(request,
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                truncate(exchange.getMessage().getBody(String.class)));
        LOG.debug("Fivetran {}", response.describe());
        return response;
    }

    /** The response to record when the call failed for good: Fivetran's error answer, or the I/O failure. */
    public FivetranResponse failed(Exchange exchange) {
        FivetranRequest request = exchange.getProperty(REQUEST, FivetranRequest.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        FivetranResponse response;
        if (failure instanceof HttpOperationFailedException http) {
            response = new FivetranResponse(request, http.getStatusCode(), truncate(http.getResponseBody()));
        } else {
            response = new FivetranResponse(request, 0, failure == null ? "no answer" : describe(failure));
        }
        LOG.warn("Fivetran {} failed: {}", response.describe(), response.message());
        return response;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String body) {
        return body == null || body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "…";
    }
}
