package io.tidemark.monitor;

/** Reads the machine's resources now. Implementations must not block (no sleeping CPU samples). */
@FunctionalInterface
public interface ResourceSampler {
    ResourceSample sample();
}
