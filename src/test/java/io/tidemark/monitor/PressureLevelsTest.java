package io.tidemark.monitor;

import static io.tidemark.discovery.SizeCategory.LARGE;
import static io.tidemark.discovery.SizeCategory.MEDIUM;
import static io.tidemark.discovery.SizeCategory.SMALL;
import static io.tidemark.monitor.PressureLevel.CRITICAL;
import static io.tidemark.monitor.PressureLevel.HIGH;
import static io.tidemark.monitor.PressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PressureLevels} over a {@link ScriptedMachine}, and the CPU level applied to the {@link TableSlots}. */
class PressureLevelsTest {
    private final ScriptedMachine machine = new ScriptedMachine();

    private void observeCpu(double cpu) {
        machine.observe(cpu, 10, 10, 10);
    }

    private void assertThreads(int small, int medium, int large) {
        assertThat(machine.slots.threads(SMALL)).as("small").isEqualTo(small);
        assertThat(machine.slots.threads(MEDIUM)).as("medium").isEqualTo(medium);
        assertThat(machine.slots.threads(LARGE)).as("large").isEqualTo(large);
    }

    @Test
    void startsWithNoPressureAndTheBaseThreads() {
        assertThat(machine.levels.cpuLevel()).isEqualTo(NONE);
        assertThat(machine.levels.memoryLevel()).isEqualTo(NONE);
        assertThat(machine.levels.diskFull()).isFalse();
        assertThreads(4, 2, 1);
    }

    @Test
    void cpuLevelSetsEveryCategorysThreads() {
        observeCpu(86);
        assertThat(machine.levels.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);

        observeCpu(96);
        assertThat(machine.levels.cpuLevel()).isEqualTo(CRITICAL);
        assertThreads(1, 1, 1);

        // 82: not above critical 95 nor within its margin (>= 90), not above high 85, but within high's margin
        // (>= 80) coming from a level above NONE: HIGH
        observeCpu(82);
        assertThat(machine.levels.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);

        observeCpu(10);
        assertThat(machine.levels.cpuLevel()).isEqualTo(NONE);
        assertThreads(4, 2, 1);
    }

    @Test
    void cpuHysteresisKeepsCriticalWithinTheMargin() {
        observeCpu(96);
        observeCpu(90);
        assertThat(machine.levels.cpuLevel()).isEqualTo(CRITICAL);
        assertThreads(1, 1, 1);
        observeCpu(89.9);
        assertThat(machine.levels.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);
    }

    @Test
    void memoryLevelIsJudgedOnTheHigherOfHeapAndSystemMemory() {
        ResourceSample sample = machine.observe(10, 50, 91, 10);
        assertThat(sample.memoryPercent()).isEqualTo(91.0);
        assertThat(machine.levels.memoryLevel()).isEqualTo(CRITICAL);
        assertThat(machine.levels.cpuLevel()).isEqualTo(NONE);
        assertThreads(4, 2, 1); // memory pressure does not change the threads

        machine.observe(10, 50, 50, 10);
        assertThat(machine.levels.memoryLevel()).isEqualTo(NONE);

        machine.observe(10, 81, 20, 10);
        assertThat(machine.levels.memoryLevel()).isEqualTo(HIGH);
        machine.observe(10, 76, 20, 10);
        assertThat(machine.levels.memoryLevel()).isEqualTo(HIGH);
        machine.observe(10, 74, 20, 10);
        assertThat(machine.levels.memoryLevel()).isEqualTo(NONE);
    }

    @Test
    void unknownReadingsKeepTheLevels() {
        machine.observe(96, 50, 91, 96);
        machine.observe(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertThat(machine.levels.cpuLevel()).isEqualTo(CRITICAL);
        assertThat(machine.levels.memoryLevel()).isEqualTo(CRITICAL);
        assertThat(machine.levels.diskFull()).isTrue();
        assertThreads(1, 1, 1);

        // one unknown memory figure: the other one decides
        machine.observe(96, Double.NaN, 50, 96);
        assertThat(machine.levels.memoryLevel()).isEqualTo(NONE);
    }

    @Test
    void diskFullWithHysteresis() {
        machine.observe(10, 10, 10, 95);
        assertThat(machine.levels.diskFull()).isFalse();
        machine.observe(10, 10, 10, 96);
        assertThat(machine.levels.diskFull()).isTrue();
        machine.observe(10, 10, 10, 92);
        assertThat(machine.levels.diskFull()).isTrue();
        machine.observe(10, 10, 10, 90);
        assertThat(machine.levels.diskFull()).isTrue();
        machine.observe(10, 10, 10, 89);
        assertThat(machine.levels.diskFull()).isFalse();
        machine.observe(10, 10, 10, 92);
        assertThat(machine.levels.diskFull()).isFalse();
    }
}
