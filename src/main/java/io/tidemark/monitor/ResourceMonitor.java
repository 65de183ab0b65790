package io.tidemark.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The latest {@link ResourceSample}, taken again at most every {@code interval}: batches in between reuse it,
 * so monitoring costs microseconds per batch.
 */
public final class ResourceMonitor {
    private final ResourceSampler sampler;
    private final Duration interval;
    private final Clock clock;
    private volatile Taken latest;

    public ResourceMonitor(ResourceSampler sampler, Duration interval, Clock clock) {
        this.sampler = sampler;
        this.interval = interval;
        this.clock = clock;
    }

    public ResourceSample current() {
        Taken taken = latest;
        if (taken != null && fresh(taken)) {
            return taken.sample;
        }
        synchronized (this) {
            taken = latest;
            if (taken == null || !fresh(taken)) {
                taken = new Taken(sampler.sample(), clock.instant());
                latest = taken;
            }
            return taken.sample;
        }
    }

    private boolean fresh(Taken taken) {
        return Duration.between(taken.at, clock.instant()).compareTo(interval) < 0;
    }

    /** The last sample taken, without sampling; null before the first. */
    public ResourceSample latest() {
        Taken taken = latest;
        return taken == null ? null : taken.sample;
    }

    public Duration interval() {
        return interval;
    }

    private record Taken(ResourceSample sample, Instant at) {
    }
}
