package io.tidemark.fivetran;

import io.tidemark.observe.TidemarkMeters;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
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
    private final TidemarkMeters meters;
    /** The exchange property the route keeps the request being sent in: for the retry policy and the failure's response. */
    public static final String REQUEST = "tidemarkFivetranRequest";
    private static final String ACCEPT = "application/json;version=2";
    /** Enough of an answer to diagnose it; Fivetran's answers are small. */
    private static final int MAX_BODY = 4_000;

    public FivetranCalls(TidemarkMeters meters) {
        this.meters = meters;
    }

    /**
     * The HTTP message of the request: its headers replace the message's (camel-http sends them all, and only
     * the ones Fivetran needs may go out); the body to send is returned, null for none.
     */
    public String prepare(@Body FivetranRequest request, @Headers Map<String, Object> headers) {
        headers.clear();
        headers.put(Exchange.HTTP_METHOD, request.method());
        headers.put(Exchange.HTTP_PATH, request.path());
        headers.put("Accept", ACCEPT);
        if (request.jsonBody() != null) {
            headers.put(Exchange.CONTENT_TYPE, "application/json");
        }
        return request.jsonBody();
    }

    /** Fivetran's answer to the request. */
    public FivetranResponse received(@ExchangeProperty(REQUEST) FivetranRequest request,
                                     @Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        FivetranResponse response = new FivetranResponse(request, status == null ? 0 : status, truncate(body));
        meters.fivetranCall(request.call(), response.status());
        LOG.debug("Fivetran {}", response.describe());
        return response;
    }

    /** The response to record when the call failed for good: Fivetran's error answer, or the I/O failure. */
    public FivetranResponse failed(@ExchangeProperty(REQUEST) FivetranRequest request,
                                   @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure) {
        FivetranResponse response;
        if (failure instanceof HttpOperationFailedException http) {
            response = new FivetranResponse(request, http.getStatusCode(), truncate(http.getResponseBody()));
        } else {
            response = new FivetranResponse(request, 0, failure == null ? "no answer" : describe(failure));
        }
        meters.fivetranCall(request.call(), response.status());
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
