package io.tidemark.run;

import java.time.Instant;

/** A running sync cycle's identity, carried through the {@code sync-cycle} route in one exchange property. */
public record CycleStart(String runId, Instant startedAt) {
    /** Exchange property holding the cycle's {@link CycleStart}. */
    public static final String PROPERTY = "tidemarkCycle";
}
