package io.tidemark.observe;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The last sync cycle's outcome: DOWN while any table failed in it (until a cycle without failures), UP before the
 * first cycle and after a clean one.
 */
public final class LastCycleHealthCheck extends TidemarkHealthCheck {
    private final TidemarkMeters meters;

    public LastCycleHealthCheck(TidemarkMeters meters) {
        super("tidemark-last-cycle");
        this.meters = meters;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        TidemarkMeters.LastCycle cycle = meters.lastCycle();
        if (cycle == null) {
            builder.message("no sync cycle has finished yet").up();
            return;
        }
        builder.detail("run_id", cycle.runId()).detail("finished_at", cycle.finishedAt().toString())
                .detail("tables", cycle.tables()).detail("failed_tables", cycle.failedTables()).detail("rows", cycle.rows());
        if (cycle.failedTables() > 0) {
            builder.message(cycle.failedTables() + " of " + cycle.tables() + " tables failed in cycle " + cycle.runId()).down();
        } else {
            builder.up();
        }
    }
}
