package io.tidemark.freshness;

import java.util.List;

/**
 * Rows judged together, the decision on them and the Fivetran connections that decision is about. Without any
 * connection the decision is only recorded.
 *
 * @param rows the values of the rule's columns, one array per row
 */
public record FreshnessGroup(List<String> connectionIds, FreshnessDecision decision, List<Object[]> rows) {
    public FreshnessGroup {
        connectionIds = List.copyOf(connectionIds);
    }
}
