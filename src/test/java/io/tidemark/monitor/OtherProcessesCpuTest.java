package io.tidemark.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CPU pressure reading: the system's load without Tidemark's own share. */
class OtherProcessesCpuTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void tidemarkAloneOnTheMachineIsNoPressure() {
        // two processors fully busy, both with Tidemark's threads
        assertThat(OtherProcessesCpu.percent(1.0, 2 * SECOND, SECOND, 2)).isCloseTo(0, within(1e-9));
    }

    @Test
    void otherWorkIsWhatRemainsOfTheSystemLoad() {
        // 4 processors 90 % busy; Tidemark used 1.6 processor-seconds of the 4 in one second: 40 %
        assertThat(OtherProcessesCpu.percent(0.9, 1_600_000_000L, SECOND, 4)).isCloseTo(50, within(1e-9));
    }

    @Test
    void countersReadAtSlightlyDifferentInstantsStayWithinZeroAndHundred() {
        assertThat(OtherProcessesCpu.percent(0.5, 3 * SECOND, SECOND, 2)).isZero();
        assertThat(OtherProcessesCpu.percent(1.2, 0, SECOND, 2)).isEqualTo(100);
    }

    @Test
    void withoutAnIntervalTheSystemLoadIsTheReading() {
        assertThat(OtherProcessesCpu.percent(0.7, 0, 0, 2)).isCloseTo(70, within(1e-9));
    }

    @Test
    void anUnknownSystemLoadIsUnknown() {
        assertThat(OtherProcessesCpu.percent(Double.NaN, SECOND, SECOND, 2)).isNaN();
    }
}
