package io.tidemark.fivetran;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Fivetran's answer to one request, or why there was none.
 *
 * @param status the HTTP status, 0 when no answer came (I/O error, timeout)
 * @param body   the answer's body as sent (Fivetran's JSON), or the I/O error's message
 */
public record FivetranResponse(FivetranRequest request, int status, String body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON; a missing node when it is not JSON. */
    public JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    /** Fivetran's own message ({@code message} of the body), else the body itself, for logs and records. */
    public String message() {
        JsonNode message = json().path("message");
        return message.isTextual() ? message.asText() : body;
    }

    /** {@code GET /v1/connections/abc → 200}: for logs and the events' {@code api_calls}. */
    public String describe() {
        return request.describe() + " → " + (status == 0 ? "no answer" : Integer.toString(status));
    }
}
