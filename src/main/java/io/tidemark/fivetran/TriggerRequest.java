package io.tidemark.fivetran;

/**
 * One Fivetran connection to act on, and whether its data needs a sync.
 *
 * @param connectionId null when no connection is configured for the judged rows: the request is only recorded
 * @param syncNeeded   whether the data is stale enough for a sync; when not, nothing is called
 */
public record TriggerRequest(String connectionId, boolean syncNeeded) {
}
