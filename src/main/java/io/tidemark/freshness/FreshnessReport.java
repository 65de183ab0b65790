package io.tidemark.freshness;

import java.util.Locale;

/** One freshness check: its decision, or why it was skipped. */
public record FreshnessReport(String checkId, FreshnessDecision decision, boolean dryRun, String skipped) {

    public static FreshnessReport skipped(String why) {
        return new FreshnessReport(null, null, true, why);
    }

    public String summaryLine() {
        if (skipped != null) {
            return "freshness: skipped: " + skipped;
        }
        String outcome = decision.syncNeeded()
                ? (dryRun ? "sync needed (dry run: no Fivetran API key, nothing called)" : "sync needed")
                : "no sync needed";
        return String.format(Locale.ROOT, "freshness: %s → %s", decision.reason(), outcome);
    }
}
