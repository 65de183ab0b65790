package io.tidemark.freshness;

import java.util.Locale;

/**
 * Whether data is stale enough to trigger a sync (the seed's ratio rule, configurable): stale % = stale rows /
 * all rows × 100, and a sync is needed when it is strictly greater than the threshold. No rows: no sync, with
 * its reason (the seed crashed on a missing key there).
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

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
