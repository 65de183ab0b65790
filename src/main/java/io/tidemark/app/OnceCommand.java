package io.tidemark.app;

import io.tidemark.freshness.FreshnessReport;
import io.tidemark.run.CycleReport;
import java.io.PrintStream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --once} on a started CamelContext, whichever runtime started it: one sync cycle and its summary, then
 * (when enabled) one freshness check and its lines. Exit code {@link TidemarkMain#OK} when both succeeded,
 * {@link TidemarkMain#FAILED} when a table, the cycle or the check failed (the check runs either way).
 */
public final class OnceCommand {
    /** The routes {@code --once} calls (routes/sync.yaml, routes/freshness.yaml). */
    public static final String SYNC_CYCLE = "direct:sync-cycle";
    public static final String FRESHNESS_CHECK = "direct:freshness-check";
    private static final Logger LOG = LoggerFactory.getLogger(OnceCommand.class);

    private OnceCommand() {
    }

    /** Runs {@code --once} on {@code camel} (routes loaded and started) and returns the exit code. */
    public static int run(CamelContext camel, boolean freshnessEnabled, PrintStream out, PrintStream err) {
        boolean synced = syncOnce(camel, out, err);
        boolean checked = !freshnessEnabled || checkFreshnessOnce(camel, out, err);
        return synced && checked ? TidemarkMain.OK : TidemarkMain.FAILED;
    }

    /** Runs one sync cycle now and returns its report. */
    public static CycleReport runSyncCycle(CamelContext camel) {
        return camel.createProducerTemplate().requestBody(SYNC_CYCLE, null, CycleReport.class);
    }

    /** Runs one freshness check now and returns its report. */
    public static FreshnessReport runFreshnessCheck(CamelContext camel) {
        return camel.createProducerTemplate().requestBody(FRESHNESS_CHECK, null, FreshnessReport.class);
    }

    /** One sync cycle and its summary; false when a table or the cycle failed. */
    private static boolean syncOnce(CamelContext camel, PrintStream out, PrintStream err) {
        try {
            CycleReport report = runSyncCycle(camel);
            report.summaryLines().forEach(out::println);
            return report.succeeded();
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Sync cycle failed", cause);
            err.println("tidemark: sync cycle failed: " + cause.getMessage());
            return false;
        }
    }

    /**
     * One freshness check and its lines; false when it failed: the query, or something a sync needed (a call,
     * a broken or paused connection, the sync itself). It runs whether or not the sync cycle did.
     */
    private static boolean checkFreshnessOnce(CamelContext camel, PrintStream out, PrintStream err) {
        try {
            FreshnessReport report = runFreshnessCheck(camel);
            report.summaryLines().forEach(out::println);
            if (report.failed()) {
                err.println("tidemark: freshness check failed: " + report.failures());
                return false;
            }
            return true;
        } catch (CamelExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.error("Freshness check failed", cause);
            err.println("tidemark: freshness check failed: " + cause.getMessage());
            return false;
        }
    }
}
