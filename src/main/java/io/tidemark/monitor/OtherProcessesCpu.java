package io.tidemark.monitor;

/**
 * The CPU load that is not Tidemark's own: the system's load minus the share Tidemark's process used over the
 * same interval. The seed's rule (fewer tables at once above 85 % / 95 % CPU) is meant to leave room for other
 * work on the machine; judged on the whole system's load, it throttled Tidemark because of Tidemark's own
 * reading and writing ("CPU pressure none → critical: cpu 99%" with Tidemark the only load).
 */
final class OtherProcessesCpu {

    private OtherProcessesCpu() {
    }

    /**
     * @param systemLoad     the system's CPU load over the interval, 0..1 of all processors
     * @param processCpuNanos CPU time Tidemark's process used over the interval, all its threads together
     * @param wallNanos      the interval's length
     * @param processors     logical processors the system load is a share of
     * @return percent 0..100 of all processors used by other processes; NaN when unknown
     */
    static double percent(double systemLoad, long processCpuNanos, long wallNanos, int processors) {
        if (!Double.isFinite(systemLoad)) {
            return Double.NaN;
        }
        if (wallNanos <= 0 || processors <= 0 || processCpuNanos < 0) {
            // no interval to measure Tidemark's share over: the system's load is the best reading there is
            return clamp(systemLoad * 100);
        }
        double own = (double) processCpuNanos / wallNanos / processors;
        return clamp((systemLoad - own) * 100);
    }

    /** Two counters read at slightly different instants can make the difference overshoot either end. */
    private static double clamp(double percent) {
        return Math.max(0, Math.min(100, percent));
    }
}
