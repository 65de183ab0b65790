package io.tidemark.freshness;

import java.util.Locale;

/**
 * Whether data is stale enough to trigger a sync. By the ratio rule (README, "Freshness check and Fivetran
 * trigger"): stale % = stale rows / all rows × 100, and a sync is needed when it is strictly greater than the
 * threshold. No rows: no sync, with its reason. By the max-age rule: see {@link #maxAge}.
 */
public record FreshnessDecision(long staleRows, long totalRows, Double stalePercentage, boolean syncNeeded, String reason) {

    public static FreshnessDecision of(long staleRows, long totalRows, double thresholdPercent) {
        if (totalRows == 0) {
            return new FreshnessDecision(0, 0, null, false, "no rows returned by the freshness query");
        }
        double percentage = staleRows * 100.0 / totalRows;
        boolean needed = percentage > thresholdPercent;
        String reason = String.format(Locale.ROOT, "%.1f%% of records are stale (%d/%d), %s the %s%% threshold",
                percentage, staleRows, totalRows, needed ? "above" : "not above", trim(thresholdPercent));
        return new FreshnessDecision(staleRows, totalRows, percentage, needed, reason);
    }

    /**
     * The max-age rule's decision: a sync is needed as soon as one table is older than its error-after (one
     * stale table is already stale data downstream, whatever the others hold). The stale rows are the tables in
     * error, out of the tables checked.
     */
    public static FreshnessDecision maxAge(long errorTables, long tables, String reason) {
        return new FreshnessDecision(errorTables, tables, tables == 0 ? null : errorTables * 100.0 / tables, errorTables > 0,
                reason);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
