package io.tidemark.fivetran;

import io.tidemark.freshness.FreshnessDecision;

/**
 * One freshness decision about one Fivetran connection, to act on.
 *
 * @param connectionId null when no connection is configured for the judged rows: the decision is only recorded
 */
public record TriggerRequest(String connectionId, FreshnessDecision decision) {
}
