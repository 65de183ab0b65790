package io.tidemark.monitor;

import java.time.Instant;
import java.util.Locale;

/**
 * One reading of the machine. Percentages are 0..100; {@code Double.NaN} where a value is unknown.
 *
 * @param cpuPercent          CPU load of other processes than Tidemark's since the previous sample: the system's load
 *                            less Tidemark's own (what the CPU rule judges; see {@link OtherProcessesCpu})
 * @param systemMemoryPercent used share of the memory Tidemark can get: the container limit when there is one,
 *                            else the host's
 * @param heapPercent         JVM heap still used after the last garbage collection, of the maximum heap
 * @param diskPercent         used share of the fullest file store holding the sink or state folders
 * @param freeHeapBytes       heap Tidemark can still fill: maximum minus used after GC
 */
public record ResourceSample(Instant at, double cpuPercent, double systemMemoryPercent, double heapPercent,
                             double diskPercent, long freeHeapBytes) {

    /** What memory pressure is judged on: the higher of system (or container) memory and JVM heap. */
    public double memoryPercent() {
        if (Double.isNaN(systemMemoryPercent)) {
            return heapPercent;
        }
        return Double.isNaN(heapPercent) ? systemMemoryPercent : Math.max(systemMemoryPercent, heapPercent);
    }

    /** Which of the two memory figures is the higher, for log lines: "heap 91.0%" or "memory 91.0%". */
    public String memoryDescription() {
        boolean heap = !Double.isNaN(heapPercent) && (Double.isNaN(systemMemoryPercent) || heapPercent >= systemMemoryPercent);
        return String.format(Locale.ROOT, "%s %.1f%%", heap ? "heap" : "memory", memoryPercent());
    }
}
