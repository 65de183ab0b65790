package io.tidemark.config;

/**
 * How the freshness check decides ({@code tidemark.freshness.mode}): the query's stale ratio, or the
 * age of each table's newest row. Written in the configuration as its {@link #label()}.
 */
public enum FreshnessMode {
    RATIO, MAX_AGE;

    public String label() {
        return ValueTypes.label(this);
    }
}
