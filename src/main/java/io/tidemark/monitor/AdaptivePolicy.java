package io.tidemark.monitor;

import io.tidemark.discovery.SizeCategory;
import java.util.Locale;

/**
 * The resource policy of the README's "Resource policy", a pure function of its inputs:
 * <ul>
 *   <li>batch: the category's base; memory HIGH → × 0.75, CRITICAL → ÷ 2, never below 100 rows; capped so that
 *       a batch of the widest rows seen so far fits in a share of the free heap; after pressure it grows back
 *       toward the base by at most 25 % per batch (it shrinks at once);</li>
 *   <li>threads: the category's base; CPU HIGH → ÷ 2, CRITICAL → 1, never below 1;</li>
 *   <li>a fixed {@code tidemark.sync.batch-size} / {@code .threads} (&gt; 0) wins over all of this.</li>
 * </ul>
 */
public final class AdaptivePolicy {
    /** The floor of a pressure-reduced batch (README, "Resource policy"). */
    public static final int MIN_BATCH = 100;
    /** Share of the free heap one batch may fill, by its widest rows. */
    public static final double HEAP_SHARE_PER_BATCH = 0.10;
    /** Largest step of growth back toward the base, per batch. */
    public static final double GROWTH_PER_BATCH = 1.25;

    private final ProcessingPolicy base;

    public AdaptivePolicy(ProcessingPolicy base) {
        this.base = base;
    }

    /**
     * The next batch's size and why it differs from the previous one.
     *
     * @param previous     the table's previous batch size, 0 before its first batch
     * @param maxRowBytes  the widest row of the table seen so far (estimate), 0 when none was read yet
     * @param freeHeapBytes heap still free after GC
     * @param tables        tables of this category being read at once (they share the heap budget)
     */
    public Decision batchSize(SizeCategory category, PressureLevel memory, int previous, long maxRowBytes,
                              long freeHeapBytes, int tables) {
        if (base.fixedBatchSize()) {
            return new Decision(base.batchSize(category), null);
        }
        int baseSize = base.batchSize(category);
        int target = switch (memory) {
            case NONE -> baseSize;
            case HIGH -> Math.max((int) (baseSize * 0.75), MIN_BATCH);
            case CRITICAL -> Math.max(baseSize / 2, MIN_BATCH);
        };
        String reason = memory == PressureLevel.NONE ? null : "memory pressure " + memory.name().toLowerCase(Locale.ROOT);
        if (maxRowBytes > 0 && freeHeapBytes > 0) {
            long budget = (long) (freeHeapBytes * HEAP_SHARE_PER_BATCH / Math.max(1, tables));
            long fits = Math.max(1, budget / maxRowBytes);
            if (fits < target) {
                target = (int) fits;
                reason = String.format(Locale.ROOT, "rows up to %,d bytes, %.0f%% of %,d MB free heap",
                        maxRowBytes, HEAP_SHARE_PER_BATCH * 100, freeHeapBytes >> 20);
            }
        }
        if (previous > 0 && target > previous) {
            int grown = (int) Math.min(target, Math.max(previous + 1L, (long) (previous * GROWTH_PER_BATCH)));
            return new Decision(grown, "growing back toward " + target);
        }
        return new Decision(target, reason);
    }

    /** Tables of the category read at once under the CPU level. */
    public int threads(SizeCategory category, PressureLevel cpu) {
        int baseThreads = base.threads(category);
        if (base.fixedThreads()) {
            return baseThreads;
        }
        return switch (cpu) {
            case NONE -> baseThreads;
            case HIGH -> Math.max(baseThreads / 2, 1);
            case CRITICAL -> 1;
        };
    }

    /** A value and, when it is not the plain base value, why. */
    public record Decision(int value, String reason) {
    }
}
