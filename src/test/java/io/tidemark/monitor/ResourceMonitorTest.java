package io.tidemark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ResourceMonitor}: samples at most once per interval, measured on its clock. */
class ResourceMonitorTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock that only moves when told to. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Counts its samples; sample number n has cpuPercent n. */
    static final class CountingSampler implements ResourceSampler {
        final AtomicInteger calls = new AtomicInteger();
        private final Clock clock;
        private final long delayMillis;

        CountingSampler(Clock clock, long delayMillis) {
            this.clock = clock;
            this.delayMillis = delayMillis;
        }

        @Override
        public ResourceSample sample() {
            int n = calls.incrementAndGet();
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis); // widens the window in which concurrent callers could sample twice
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ResourceSample(clock.instant(), n, 10, 20, 30, 1L << 30);
        }
    }

    private final MutableClock clock = new MutableClock(START);
    private final CountingSampler sampler = new CountingSampler(clock, 0);
    private final ResourceMonitor monitor = new ResourceMonitor(sampler, Duration.ofSeconds(1), clock);

    @Test
    void samplesAtMostOncePerInterval() {
        ResourceSample first = monitor.current();
        for (int i = 1; i < 1000; i++) {
            assertThat(monitor.current()).isSameAs(first);
        }
        assertThat(sampler.calls.get()).isEqualTo(1);
        assertThat(first.cpuPercent()).isEqualTo(1.0);

        clock.advance(Duration.ofMillis(999));
        assertThat(monitor.current()).isSameAs(first);
        assertThat(sampler.calls.get()).isEqualTo(1);

        clock.advance(Duration.ofMillis(1)); // exactly one interval after the first sample
        ResourceSample second = monitor.current();
        assertThat(sampler.calls.get()).isEqualTo(2);
        assertThat(second).isNotSameAs(first);
        assertThat(second.cpuPercent()).isEqualTo(2.0);
        assertThat(second.at()).isEqualTo(START.plusMillis(1000));

        // the next interval counts from the second sample
        clock.advance(Duration.ofMillis(999));
        assertThat(monitor.current()).isSameAs(second);
        assertThat(sampler.calls.get()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1));
        assertThat(monitor.current().cpuPercent()).isEqualTo(3.0);
        assertThat(sampler.calls.get()).isEqualTo(3);
    }

    @Test
    void latestDoesNotSample() {
        assertThat(monitor.latest()).isNull();
        assertThat(sampler.calls.get()).isZero();

        ResourceSample first = monitor.current();
        clock.advance(Duration.ofSeconds(10));
        assertThat(monitor.latest()).isSameAs(first);
        assertThat(monitor.latest()).isSameAs(first);
        assertThat(sampler.calls.get()).isEqualTo(1);

        ResourceSample second = monitor.current();
        assertThat(sampler.calls.get()).isEqualTo(2);
        assertThat(monitor.latest()).isSameAs(second);
        assertThat(monitor.interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void zeroIntervalSamplesEveryTime() {
        ResourceMonitor everyTime = new ResourceMonitor(sampler, Duration.ZERO, clock);
        for (int i = 0; i < 5; i++) {
            everyTime.current();
        }
        assertThat(sampler.calls.get()).isEqualTo(5);
    }

    @Test
    void concurrentCallersAtOneInstantShareOneSample() throws Exception {
        CountingSampler slow = new CountingSampler(clock, 50);
        ResourceMonitor shared = new ResourceMonitor(slow, Duration.ofSeconds(1), clock);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<ResourceSample>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await(5, TimeUnit.SECONDS);
                    List<ResourceSample> seen = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        seen.add(shared.current());
                    }
                    return seen;
                }));
            }
            ResourceSample only = null;
            for (Future<List<ResourceSample>> result : results) {
                for (ResourceSample sample : result.get(10, TimeUnit.SECONDS)) {
                    if (only == null) {
                        only = sample;
                    }
                    assertThat(sample).isSameAs(only);
                }
            }
            assertThat(slow.calls.get()).isEqualTo(1);
            assertThat(only.cpuPercent()).isEqualTo(1.0);
        } finally {
            pool.shutdownNow();
        }
    }
}
