package io.tidemark.fivetran;

/**
 * One call of Fivetran's REST API under {@code /v1/connections/<id>}.
 *
 * @param jsonBody         the JSON body, or null for none
 * @param retryOnIoError   whether a call whose answer was lost may be sent again: not for a forced sync, which
 *                         would restart the sync the lost answer may have started
 */
public record FivetranRequest(String method, String path, String jsonBody, boolean retryOnIoError) {

    public static FivetranRequest status(String connectionId) {
        return new FivetranRequest("GET", connectionPath(connectionId), null, true);
    }

    public static FivetranRequest unpause(String connectionId) {
        return new FivetranRequest("PATCH", connectionPath(connectionId), "{\"paused\":false}", true);
    }

    public static FivetranRequest sync(String connectionId, boolean force) {
        return new FivetranRequest("POST", connectionPath(connectionId) + "/sync", "{\"force\":" + force + "}", !force);
    }

    private static String connectionPath(String connectionId) {
        // ids are checked against TidemarkConfig.Fivetran.CONNECTION_ID before any request is made
        return "/v1/connections/" + connectionId;
    }

    /** What the call does, without the connection id: {@code status}, {@code unpause} or {@code sync} (for meters). */
    public String call() {
        return switch (method) {
            case "PATCH" -> "unpause";
            case "POST" -> "sync";
            default -> "status";
        };
    }

    /** {@code GET /v1/connections/abc}: for logs and records. */
    public String describe() {
        return method + " " + path;
    }
}
