package io.tidemark.freshness;

import io.tidemark.fivetran.TriggerOutcome;
import java.util.List;

/** A judged group and what came of the trigger request of each of its connections. */
public record GroupOutcomes(FreshnessGroup group, List<TriggerOutcome> outcomes) {
    public GroupOutcomes {
        outcomes = List.copyOf(outcomes);
    }
}
