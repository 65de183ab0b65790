package io.tidemark.monitor;

import static io.tidemark.monitor.PressureLevel.CRITICAL;
import static io.tidemark.monitor.PressureLevel.HIGH;
import static io.tidemark.monitor.PressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link PressureLevel#next}: a level is entered strictly above its threshold and left only below the threshold
 * minus the margin. Thresholds here: high 80, critical 90, margin 5 (so HIGH is left below 75, CRITICAL below 85).
 */
class PressureLevelTest {
    private static final double HIGH_THRESHOLD = 80;
    private static final double CRITICAL_THRESHOLD = 90;
    private static final double MARGIN = 5;

    private static PressureLevel next(PressureLevel from, double percent) {
        return from.next(percent, HIGH_THRESHOLD, CRITICAL_THRESHOLD, MARGIN);
    }

    @ParameterizedTest(name = "{0} at {1}% -> {2}")
    @CsvSource({
            // from NONE: entering is strict
            "NONE,     0,        NONE",
            "NONE,     74.999,   NONE",
            "NONE,     79.9999,  NONE",
            "NONE,     80,       NONE",
            "NONE,     80.0001,  HIGH",
            "NONE,     85,       HIGH",
            "NONE,     90,       HIGH",
            "NONE,     90.0001,  CRITICAL",
            "NONE,     100,      CRITICAL",
            // from HIGH: kept down to high - margin (75) inclusive
            "HIGH,     80.0001,  HIGH",
            "HIGH,     80,       HIGH",
            "HIGH,     79,       HIGH",
            "HIGH,     75,       HIGH",
            "HIGH,     74.999,   NONE",
            "HIGH,     0,        NONE",
            "HIGH,     90,       HIGH",
            "HIGH,     90.0001,  CRITICAL",
            "HIGH,     90.5,     CRITICAL",
            // from CRITICAL: kept down to critical - margin (85) inclusive, then HIGH rules apply
            "CRITICAL, 100,      CRITICAL",
            "CRITICAL, 90,       CRITICAL",
            "CRITICAL, 86,       CRITICAL",
            "CRITICAL, 85,       CRITICAL",
            "CRITICAL, 84.9,     HIGH",
            "CRITICAL, 80,       HIGH",
            "CRITICAL, 75,       HIGH",
            "CRITICAL, 74.999,   NONE",
            "CRITICAL, 50,       NONE",
    })
    void boundariesWithHysteresis(PressureLevel from, double percent, PressureLevel expected) {
        assertThat(next(from, percent)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(PressureLevel.class)
    void nanKeepsTheLevel(PressureLevel from) {
        assertThat(next(from, Double.NaN)).isEqualTo(from);
    }

    @Test
    void aReadingWobblingAroundTheHighThresholdDoesNotFlap() {
        PressureLevel level = NONE;
        level = next(level, 81);
        assertThat(level).isEqualTo(HIGH);
        for (double reading : new double[] {79, 81, 76, 80, 75, 82}) {
            level = next(level, reading);
            assertThat(level).as("after %s%%", reading).isEqualTo(HIGH);
        }
        assertThat(next(level, 74)).isEqualTo(NONE);
    }

    /**
     * With margin 0 the level is the plain strict classification of the reading (NONE up to 80, HIGH up to 90,
     * CRITICAL above), whatever the previous level — for every reading not exactly on a threshold.
     */
    @ParameterizedTest(name = "{0}% -> {1}")
    @CsvSource({
            "0,        NONE",
            "50,       NONE",
            "79.9999,  NONE",
            "80.0001,  HIGH",
            "85,       HIGH",
            "89.9999,  HIGH",
            "90.0001,  CRITICAL",
            "100,      CRITICAL",
    })
    void marginZeroIsAPlainStrictThreshold(double percent, PressureLevel expected) {
        for (PressureLevel from : PressureLevel.values()) {
            assertThat(from.next(percent, HIGH_THRESHOLD, CRITICAL_THRESHOLD, 0)).as("from %s", from).isEqualTo(expected);
        }
    }

    /**
     * Exactly on a threshold with margin 0, the documented rule "left only once the reading falls below the
     * threshold minus the margin" keeps a level that is already held: 80 stays HIGH from HIGH (NONE from NONE),
     * 90 stays CRITICAL from CRITICAL (HIGH from NONE or HIGH).
     */
    @ParameterizedTest(name = "{0} at {1}% -> {2}")
    @CsvSource({
            "NONE,     80, NONE",
            "HIGH,     80, HIGH",
            "CRITICAL, 80, HIGH",
            "NONE,     90, HIGH",
            "HIGH,     90, HIGH",
            "CRITICAL, 90, CRITICAL",
    })
    void marginZeroExactlyOnAThresholdKeepsAHeldLevel(PressureLevel from, double percent, PressureLevel expected) {
        assertThat(from.next(percent, HIGH_THRESHOLD, CRITICAL_THRESHOLD, 0)).isEqualTo(expected);
    }

    /** Disk uses one threshold for both levels (high = critical = 95): it is only ever NONE or CRITICAL. */
    @ParameterizedTest(name = "{0} at {1}% -> {2}")
    @CsvSource({
            "NONE,     95,      NONE",
            "NONE,     95.0001, CRITICAL",
            "CRITICAL, 92,      CRITICAL",
            "CRITICAL, 90,      CRITICAL",
            "CRITICAL, 89.999,  NONE",
    })
    void singleThresholdAsUsedForDisk(PressureLevel from, double percent, PressureLevel expected) {
        assertThat(from.next(percent, 95, 95, MARGIN)).isEqualTo(expected);
    }
}
