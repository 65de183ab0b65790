package io.tidemark.config;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The DEV / PROD / HIGH_VOLUME presets (README, "Resource policy"): category bounds, the high memory and CPU
 * thresholds, and a base batch size. A category's base batch is that size × 10 (small), × 8 (medium) and × 2
 * (large). System properties and environment variables win over a profile (see {@code ProfileTest}).
 */
public enum Profile {
    DEV(100_000, 1_000_000, 500, 70, 80),
    PROD(1_000_000, 10_000_000, 1_000, 80, 85),
    HIGH_VOLUME(5_000_000, 50_000_000, 2_000, 85, 90);

    public static final String KEY = "tidemark.profile";

    private final long smallTableRows;
    private final long largeTableRows;
    private final int baseBatchSize;
    private final int memoryHighPercent;
    private final int cpuHighPercent;

    Profile(long smallTableRows, long largeTableRows, int baseBatchSize, int memoryHighPercent, int cpuHighPercent) {
        this.smallTableRows = smallTableRows;
        this.largeTableRows = largeTableRows;
        this.baseBatchSize = baseBatchSize;
        this.memoryHighPercent = memoryHighPercent;
        this.cpuHighPercent = cpuHighPercent;
    }

    /** The profile named {@code dev}, {@code prod} or {@code high-volume}; null for an empty name. */
    public static Profile named(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        for (Profile profile : values()) {
            if (profile.label().equals(name.trim())) {
                return profile;
            }
        }
        throw new ConfigException(KEY, "must be empty or one of "
                + Arrays.stream(values()).map(Profile::label).collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }

    public String label() {
        return ValueTypes.label(this);
    }

    /** The properties the profile sets. */
    public Map<String, String> properties() {
        return Map.of(
                "tidemark.sync.small-table-rows", Long.toString(smallTableRows),
                "tidemark.sync.large-table-rows", Long.toString(largeTableRows),
                "tidemark.monitor.memory-high-percent", Integer.toString(memoryHighPercent),
                "tidemark.monitor.cpu-high-percent", Integer.toString(cpuHighPercent));
    }

    /** Base batch sizes of the small, medium and large categories. */
    public int[] categoryBatchSizes() {
        return new int[] {baseBatchSize * 10, baseBatchSize * 8, baseBatchSize * 2};
    }
}
