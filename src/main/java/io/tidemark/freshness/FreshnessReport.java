package io.tidemark.freshness;

import io.tidemark.fivetran.TriggerOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One freshness check: its decisions and what came of them, or why it was skipped. */
public record FreshnessReport(String checkId, List<GroupOutcomes> groups, String skipped) {

    public static FreshnessReport skipped(String why) {
        return new FreshnessReport(null, List.of(), why);
    }

    /** What came of every trigger request, in the order of the groups. */
    public List<TriggerOutcome> outcomes() {
        return groups.stream().flatMap(group -> group.outcomes().stream()).toList();
    }

    /** Whether something needed did not happen: a failed call, a broken or paused connection, a failed sync. */
    public boolean failed() {
        return outcomes().stream().anyMatch(outcome -> !outcome.success());
    }

    public boolean syncNeeded() {
        return groups.stream().anyMatch(judged -> judged.group().decision().syncNeeded());
    }

    /** What failed, for the one line on stderr. */
    public String failures() {
        return String.join("; ", outcomes().stream().filter(outcome -> !outcome.success())
                .map(outcome -> outcome.outcome().label() + ": " + outcome.detail()).toList());
    }

    /** One line per judged group: the decision and what came of it for each of its connections. */
    public List<String> summaryLines() {
        if (skipped != null) {
            return List.of("freshness: skipped: " + skipped);
        }
        List<String> lines = new ArrayList<>();
        for (GroupOutcomes judged : groups) {
            Set<String> done = new LinkedHashSet<>();
            judged.outcomes().forEach(outcome -> done.add(describe(outcome)));
            lines.add("freshness: " + judged.group().decision().reason() + " → " + String.join("; ", done));
        }
        return lines;
    }

    private static String describe(TriggerOutcome outcome) {
        return switch (outcome.outcome()) {
            case NOT_NEEDED -> "no sync needed";
            case DRY_RUN -> "sync needed (dry run: no Fivetran API key, nothing called)";
            default -> outcome.outcome().label() + ": " + outcome.detail();
        };
    }
}
