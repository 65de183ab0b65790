package io.tidemark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real sampler on this machine: it must not block, and its figures must be percentages. */
class OshiResourceSamplerTest {
    private static final Condition<Double> PERCENT_OR_UNKNOWN =
            new Condition<>(v -> Double.isNaN(v) || (v >= 0 && v <= 100), "a percentage from 0 to 100, or NaN");

    @TempDir
    Path folder;

    @Test
    void fiftySamplesTakeFarLessThanOneBlockingCpuMeasurementEach() {
        OshiResourceSampler sampler = new OshiResourceSampler(List.of(folder), Clock.systemUTC());

        List<ResourceSample> samples = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            samples.add(sampler.sample());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        // a sampler sleeping for a CPU measurement (OSHI's getSystemCpuLoad(1000)) would take 50 s
        assertThat(took).isLessThan(Duration.ofMillis(2000));
        assertThat(samples).hasSize(50);
        for (ResourceSample sample : samples) {
            assertThat(sample.cpuPercent()).as("cpu").is(PERCENT_OR_UNKNOWN);
            assertThat(sample.systemMemoryPercent()).as("memory").is(PERCENT_OR_UNKNOWN);
            assertThat(sample.heapPercent()).as("heap").is(PERCENT_OR_UNKNOWN);
            assertThat(sample.diskPercent()).as("disk").isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
            assertThat(sample.memoryPercent()).as("memory judged").is(PERCENT_OR_UNKNOWN);
            assertThat(sample.freeHeapBytes()).as("free heap").isPositive();
        }
    }

    @Test
    void samplesAreStampedByTheGivenClock() {
        Instant at = Instant.parse("2026-03-04T05:06:07Z");
        OshiResourceSampler sampler = new OshiResourceSampler(List.of(folder), Clock.fixed(at, ZoneOffset.UTC));

        assertThat(sampler.sample().at()).isEqualTo(at);
    }

    @Test
    void aFolderNotCreatedYetIsJudgedByItsNearestExistingParent() {
        OshiResourceSampler missing = new OshiResourceSampler(List.of(folder.resolve("not/created/yet")), Clock.systemUTC());
        OshiResourceSampler existing = new OshiResourceSampler(List.of(folder), Clock.systemUTC());

        double disk = missing.sample().diskPercent();
        assertThat(disk).isGreaterThan(0.0).isLessThanOrEqualTo(100.0);
        // same file store; other processes may write in between, so allow a small difference
        assertThat(disk).isCloseTo(existing.sample().diskPercent(), org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void noWatchedFolderMeansUnknownDisk() {
        OshiResourceSampler sampler = new OshiResourceSampler(List.of(), Clock.systemUTC());

        assertThat(sampler.sample().diskPercent()).isNaN();
    }
}
