package io.tidemark.monitor;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns resource samples into memory, CPU and disk pressure levels (with hysteresis) and logs every change
 * once, with its reason. Shared by all extraction threads; whoever depends on the CPU level (the per-category
 * table slots) is told when it changes.
 */
public final class PressureLevels {
    private static final Logger LOG = LoggerFactory.getLogger(PressureLevels.class);
    /** Shortest pause between two observations of a waiter, so an interval of 0 does not spin. */
    private static final long MIN_WAIT_MILLIS = 10;

    private final ResourceMonitor monitor;
    private final Thresholds thresholds;
    private final List<BiConsumer<PressureLevel, ResourceSample>> cpuListeners = new CopyOnWriteArrayList<>();
    private PressureLevel memory = PressureLevel.NONE;
    private PressureLevel cpu = PressureLevel.NONE;
    private PressureLevel disk = PressureLevel.NONE;

    public PressureLevels(ResourceMonitor monitor, Thresholds thresholds) {
        this.monitor = monitor;
        this.thresholds = thresholds;
    }

    /** {@code listener} is called with the new CPU level and the sample that changed it. */
    void onCpuChange(BiConsumer<PressureLevel, ResourceSample> listener) {
        cpuListeners.add(listener);
    }

    /** Takes (or reuses) a sample and updates the levels from it. */
    public ResourceSample observe() {
        ResourceSample sample = monitor.current();
        synchronized (this) {
            PressureLevel newMemory = memory.next(sample.memoryPercent(), thresholds.memoryHigh(), thresholds.memoryCritical(), thresholds.margin());
            if (newMemory != memory) {
                LOG.info("Memory pressure {} → {}: {} (high {}%, critical {}%)", label(memory), label(newMemory),
                        sample.memoryDescription(), number(thresholds.memoryHigh()), number(thresholds.memoryCritical()));
                memory = newMemory;
            }
            PressureLevel newCpu = cpu.next(sample.cpuPercent(), thresholds.cpuHigh(), thresholds.cpuCritical(), thresholds.margin());
            if (newCpu != cpu) {
                LOG.info("CPU pressure {} → {}: cpu {}% (high {}%, critical {}%)", label(cpu), label(newCpu),
                        number(sample.cpuPercent()), number(thresholds.cpuHigh()), number(thresholds.cpuCritical()));
                cpu = newCpu;
                cpuListeners.forEach(listener -> listener.accept(newCpu, sample));
            }
            PressureLevel newDisk = disk.next(sample.diskPercent(), thresholds.diskCritical(), thresholds.diskCritical(), thresholds.margin());
            if (newDisk != disk) {
                if (newDisk == PressureLevel.CRITICAL) {
                    LOG.warn("Disk {}% > {}%: writing pauses until space returns (below {}%)", number(sample.diskPercent()),
                            number(thresholds.diskCritical()), number(thresholds.diskCritical() - thresholds.margin()));
                } else {
                    LOG.info("Disk {}%: space is back, writing resumes", number(sample.diskPercent()));
                }
                disk = newDisk;
            }
        }
        return sample;
    }

    public synchronized PressureLevel memoryLevel() {
        return memory;
    }

    public synchronized PressureLevel cpuLevel() {
        return cpu;
    }

    public synchronized boolean diskFull() {
        return disk == PressureLevel.CRITICAL;
    }

    /** How long a waiter pauses between two observations: a fresh sample is not taken more often anyway. */
    long waitMillis() {
        return Math.max(MIN_WAIT_MILLIS, monitor.interval().toMillis());
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String label(PressureLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }
}
