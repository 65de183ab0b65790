package io.tidemark.monitor;

import static io.tidemark.discovery.SizeCategory.LARGE;
import static io.tidemark.discovery.SizeCategory.MEDIUM;
import static io.tidemark.discovery.SizeCategory.SMALL;
import static io.tidemark.monitor.PressureLevel.CRITICAL;
import static io.tidemark.monitor.PressureLevel.HIGH;
import static io.tidemark.monitor.PressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.Profile;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SizeCategory;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AdaptivePolicy} over a {@link ProcessingPolicy} built from the contract's default sync settings. */
class AdaptivePolicyTest {
    private static final long MB = 1L << 20;

    private static TidemarkConfig.Sync sync(int batchSize, int threads, Profile profile) {
        return new TidemarkConfig.Sync("0 0/15 * * * ?", 1_000_000, 50_000_000, batchSize, threads, 0, 4,
                Duration.ofSeconds(5), Duration.ofMinutes(5), profile, java.util.List.of("updated_at"), Duration.ofSeconds(5), "", "", "region", io.tidemark.config.TableFilters.none());
    }

    private static AdaptivePolicy policy(int batchSize, int threads, Profile profile) {
        return new AdaptivePolicy(new ProcessingPolicy(sync(batchSize, threads, profile)));
    }

    private static final AdaptivePolicy DEFAULTS = policy(0, 0, null);

    /** First batch (previous 0), no row width known yet: only the category and the memory level count. */
    private static AdaptivePolicy.Decision first(AdaptivePolicy policy, SizeCategory category, PressureLevel memory) {
        return policy.batchSize(category, memory, 0, 0, 0, 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // batch size from category and memory level

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "SMALL,  NONE,     5000",
            "MEDIUM, NONE,     2500",
            "LARGE,  NONE,     1000",
            "SMALL,  HIGH,     3750",
            "MEDIUM, HIGH,     1875",
            "LARGE,  HIGH,     750",
            "SMALL,  CRITICAL, 2500",
            "MEDIUM, CRITICAL, 1250",
            "LARGE,  CRITICAL, 500",
    })
    void batchFromCategoryAndMemoryLevel(SizeCategory category, PressureLevel memory, int expected) {
        AdaptivePolicy.Decision decision = first(DEFAULTS, category, memory);

        assertThat(decision.value()).isEqualTo(expected);
        assertThat(decision.reason()).isEqualTo(memory == NONE ? null : "memory pressure " + memory.name().toLowerCase(Locale.ROOT));
    }

    @Test
    void pressureReasonNamesTheLevel() {
        assertThat(first(DEFAULTS, SMALL, HIGH)).isEqualTo(new AdaptivePolicy.Decision(3750, "memory pressure high"));
        assertThat(first(DEFAULTS, SMALL, CRITICAL)).isEqualTo(new AdaptivePolicy.Decision(2500, "memory pressure critical"));
        assertThat(first(DEFAULTS, SMALL, NONE)).isEqualTo(new AdaptivePolicy.Decision(5000, null));
    }

    /**
     * The 100-row floor of a pressure-reduced batch is not reachable through the public API: the smallest base a
     * category can have is 1000 rows (LARGE, by default and in the DEV profile), so the smallest reduced batch is
     * 500; a batch-size override (even 1) is fixed and never reduced. Only the documented constant is checked.
     */
    @Test
    void floorConstantAndSmallestReachableReducedBatch() {
        assertThat(AdaptivePolicy.MIN_BATCH).isEqualTo(100);
        int smallest = Integer.MAX_VALUE;
        for (Profile profile : new Profile[] {null, Profile.DEV, Profile.PROD, Profile.HIGH_VOLUME}) {
            for (SizeCategory category : SizeCategory.values()) {
                smallest = Math.min(smallest, first(policy(0, 0, profile), category, CRITICAL).value());
            }
        }
        assertThat(smallest).isEqualTo(500);
        assertThat(first(policy(1, 0, null), LARGE, CRITICAL)).isEqualTo(new AdaptivePolicy.Decision(1, null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // overrides

    @ParameterizedTest
    @EnumSource(PressureLevel.class)
    void batchSizeOverrideWinsOverLevelByteBudgetAndGrowth(PressureLevel memory) {
        AdaptivePolicy fixed = policy(700, 0, null);
        for (SizeCategory category : SizeCategory.values()) {
            assertThat(fixed.batchSize(category, memory, 0, 0, 0, 1)).isEqualTo(new AdaptivePolicy.Decision(700, null));
            // a byte budget of 10 rows and a previous batch of 100 are both ignored
            assertThat(fixed.batchSize(category, memory, 100, 1_000_000, 100 * MB, 1))
                    .isEqualTo(new AdaptivePolicy.Decision(700, null));
        }
    }

    @ParameterizedTest
    @EnumSource(PressureLevel.class)
    void threadsOverrideWinsWhateverTheCpuLevel(PressureLevel cpu) {
        AdaptivePolicy fixed = policy(0, 3, null);
        assertThat(fixed.threads(SMALL, cpu)).isEqualTo(3);
        assertThat(fixed.threads(MEDIUM, cpu)).isEqualTo(3);
        assertThat(fixed.threads(LARGE, cpu)).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------------------
    // threads from category and CPU level

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "NONE,     4, 2, 1",
            "HIGH,     2, 1, 1",
            "CRITICAL, 1, 1, 1",
    })
    void threadsFromCpuLevel(PressureLevel cpu, int small, int medium, int large) {
        assertThat(DEFAULTS.threads(SMALL, cpu)).isEqualTo(small);
        assertThat(DEFAULTS.threads(MEDIUM, cpu)).isEqualTo(medium);
        assertThat(DEFAULTS.threads(LARGE, cpu)).isEqualTo(large);
    }

    // ---------------------------------------------------------------------------------------------------------
    // byte budget: a batch of the widest rows must fit in 10 % of the free heap, shared by the category's tables

    @Test
    void wideRowsCapTheBatchBelowTheFloor() {
        // 10 % of 100 MB = 10,485,760 bytes; / 1,000,000 bytes per row = 10 rows (the 100-row floor is not applied)
        AdaptivePolicy.Decision decision = DEFAULTS.batchSize(SMALL, NONE, 0, 1_000_000, 100 * MB, 1);

        assertThat(decision.value()).isEqualTo(10);
        assertThat(decision.reason()).isEqualTo("rows up to 1,000,000 bytes, 10% of 100 MB free heap");
        assertThat(decision.reason()).contains("rows up to 1,000,000 bytes");
    }

    @Test
    void byteBudgetIsSharedByTheTablesReadAtOnce() {
        // 10,485,760 / 4 = 2,621,440 bytes each; / 1,000,000 = 2 rows
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 1_000_000, 100 * MB, 4).value()).isEqualTo(2);
        // 10,485,760 / 4 / 1,000 = 2,621 rows (under the 5,000 base)
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 1_000, 100 * MB, 4))
                .isEqualTo(new AdaptivePolicy.Decision(2621, "rows up to 1,000 bytes, 10% of 100 MB free heap"));
        // the same rows with one table: 10,485 rows fit, the base 5,000 applies
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 1_000, 100 * MB, 1)).isEqualTo(new AdaptivePolicy.Decision(5000, null));
    }

    @Test
    void byteBudgetNeverGoesBelowOneRow() {
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 100 * MB, 100 * MB, 1))
                .isEqualTo(new AdaptivePolicy.Decision(1, "rows up to 104,857,600 bytes, 10% of 100 MB free heap"));
    }

    @Test
    void byteBudgetAppliesOnTopOfMemoryPressure() {
        // HIGH: 3,750; budget 10,485,760 / 3,000 = 3,495 rows
        assertThat(DEFAULTS.batchSize(SMALL, HIGH, 0, 3_000, 100 * MB, 1))
                .isEqualTo(new AdaptivePolicy.Decision(3495, "rows up to 3,000 bytes, 10% of 100 MB free heap"));
        // CRITICAL: 2,500 < 3,495: the pressure decides
        assertThat(DEFAULTS.batchSize(SMALL, CRITICAL, 0, 3_000, 100 * MB, 1))
                .isEqualTo(new AdaptivePolicy.Decision(2500, "memory pressure critical"));
    }

    @Test
    void unknownRowWidthOrFreeHeapMeansNoByteBudget() {
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 0, 100 * MB, 1).value()).isEqualTo(5000);
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 0, 1_000_000, 0, 1).value()).isEqualTo(5000);
    }

    // ---------------------------------------------------------------------------------------------------------
    // growing back by at most 25 % per batch, shrinking at once

    @ParameterizedTest(name = "previous {0} -> {1}")
    @CsvSource({
            "2500, 3125",
            "3125, 3906",
            "3906, 4882",
            "4000, 5000",
            "4882, 5000",
    })
    void growsBackTowardTheBaseByAtMostAQuarter(int previous, int expected) {
        AdaptivePolicy.Decision decision = DEFAULTS.batchSize(SMALL, NONE, previous, 0, 0, 1);

        assertThat(decision.value()).isEqualTo(expected);
        assertThat(decision.reason()).startsWith("growing back").isEqualTo("growing back toward 5000");
    }

    @Test
    void growsByAtLeastOneRow() {
        // 1 × 1.25 truncates to 1: growth must still make progress
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 1, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(2, "growing back toward 5000"));
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 3, 0, 0, 1).value()).isEqualTo(4);
    }

    @Test
    void growsBackTowardAReducedTarget() {
        assertThat(DEFAULTS.batchSize(SMALL, HIGH, 2500, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(3125, "growing back toward 3750"));
        assertThat(DEFAULTS.batchSize(SMALL, HIGH, 3125, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(3750, "growing back toward 3750"));
    }

    @Test
    void atTheTargetTheBaseValueHasNoReason() {
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 5000, 0, 0, 1)).isEqualTo(new AdaptivePolicy.Decision(5000, null));
    }

    @Test
    void shrinksAtOnce() {
        assertThat(DEFAULTS.batchSize(SMALL, CRITICAL, 5000, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(2500, "memory pressure critical"));
        assertThat(DEFAULTS.batchSize(SMALL, HIGH, 5000, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(3750, "memory pressure high"));
        assertThat(DEFAULTS.batchSize(SMALL, NONE, 5000, 1_000_000, 100 * MB, 1).value()).isEqualTo(10);
    }

    // ---------------------------------------------------------------------------------------------------------
    // profiles

    @ParameterizedTest(name = "{0}: {1}/{2}/{3}")
    @CsvSource({
            "DEV,         5000,  4000,  1000",
            "PROD,        10000, 8000,  2000",
            "HIGH_VOLUME, 20000, 16000, 4000",
    })
    void profileBaseBatchSizes(Profile profile, int small, int medium, int large) {
        ProcessingPolicy processing = new ProcessingPolicy(sync(0, 0, profile));
        assertThat(processing.batchSize(SMALL)).isEqualTo(small);
        assertThat(processing.batchSize(MEDIUM)).isEqualTo(medium);
        assertThat(processing.batchSize(LARGE)).isEqualTo(large);
        assertThat(processing.fixedBatchSize()).isFalse();

        AdaptivePolicy adaptive = new AdaptivePolicy(processing);
        assertThat(first(adaptive, SMALL, NONE).value()).isEqualTo(small);
        assertThat(first(adaptive, MEDIUM, HIGH).value()).isEqualTo(medium * 3 / 4);
        assertThat(first(adaptive, LARGE, CRITICAL).value()).isEqualTo(large / 2);
        // a profile does not change the threads
        assertThat(processing.threads(SMALL)).isEqualTo(4);
        assertThat(processing.totalThreads()).isEqualTo(7);
    }

    @Test
    void batchSizeOverrideWinsOverAProfile() {
        ProcessingPolicy processing = new ProcessingPolicy(sync(700, 0, Profile.HIGH_VOLUME));
        for (SizeCategory category : SizeCategory.values()) {
            assertThat(processing.batchSize(category)).isEqualTo(700);
        }
        assertThat(processing.fixedBatchSize()).isTrue();
        assertThat(new AdaptivePolicy(processing).batchSize(SMALL, CRITICAL, 0, 0, 0, 1))
                .isEqualTo(new AdaptivePolicy.Decision(700, null));
    }

    @Test
    void processingPolicyDefaultsAndOverrides() {
        ProcessingPolicy defaults = new ProcessingPolicy(sync(0, 0, null));
        assertThat(defaults.queueSize(SMALL)).isEqualTo(10_000);
        assertThat(defaults.queueSize(MEDIUM)).isEqualTo(5_000);
        assertThat(defaults.queueSize(LARGE)).isEqualTo(1_000);
        assertThat(defaults.totalThreads()).isEqualTo(7);
        assertThat(defaults.fixedThreads()).isFalse();

        ProcessingPolicy threeEach = new ProcessingPolicy(sync(0, 3, null));
        assertThat(threeEach.fixedThreads()).isTrue();
        assertThat(threeEach.totalThreads()).isEqualTo(9);
    }
}
