package io.tidemark.monitor;

import io.tidemark.config.TidemarkConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A machine whose samples the test sets, read through {@link PressureLevels} with an interval of 0 (every
 * observation samples), thresholds memory 80/90, CPU 85/95, disk 95, margin 5, and {@link TableSlots} with the
 * default per-category policy (threads 4/2/1).
 */
final class ScriptedMachine implements ResourceSampler {
    private final AtomicReference<ResourceSample> next = new AtomicReference<>(sample(10, 10, 10, 10));
    final PressureLevels levels = new PressureLevels(new ResourceMonitor(this, Duration.ZERO,
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)), new Thresholds(80, 90, 85, 95, 95, 5));
    final TableSlots slots = new TableSlots(levels, new AdaptivePolicy(new ProcessingPolicy(new TidemarkConfig.Sync(
            "0 0/15 * * * ?", 1_000_000, 50_000_000, 0, 0, 0, 4, Duration.ofSeconds(5), Duration.ofMinutes(5), null,
            List.of("updated_at"), Duration.ofSeconds(5), "", "", "region", io.tidemark.config.TableFilters.none()))));

    static ResourceSample sample(double cpu, double systemMemory, double heap, double disk) {
        return new ResourceSample(Instant.EPOCH, cpu, systemMemory, heap, disk, 1L << 30);
    }

    /** The next samples read these values. */
    void set(double cpu, double systemMemory, double heap, double disk) {
        next.set(sample(cpu, systemMemory, heap, disk));
    }

    /** Sets the machine's state and observes it at once. */
    ResourceSample observe(double cpu, double systemMemory, double heap, double disk) {
        set(cpu, systemMemory, heap, disk);
        return levels.observe();
    }

    @Override
    public ResourceSample sample() {
        return next.get();
    }
}
