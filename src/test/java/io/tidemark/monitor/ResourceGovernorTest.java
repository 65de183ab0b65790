package io.tidemark.monitor;

import static io.tidemark.discovery.SizeCategory.LARGE;
import static io.tidemark.discovery.SizeCategory.MEDIUM;
import static io.tidemark.discovery.SizeCategory.SMALL;
import static io.tidemark.monitor.PressureLevel.CRITICAL;
import static io.tidemark.monitor.PressureLevel.HIGH;
import static io.tidemark.monitor.PressureLevel.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ResourceGovernor} over a fake sampler (every {@link ResourceGovernor#observe()} samples: interval 0),
 * thresholds memory 80/90, CPU 85/95, disk 95, margin 5, and the default per-category policy (threads 4/2/1).
 */
class ResourceGovernorTest {
    private static final Duration BLOCKED_FOR = Duration.ofMillis(300);

    /** Returns whatever sample was set last. */
    static final class SettableSampler implements ResourceSampler {
        private final AtomicReference<ResourceSample> next = new AtomicReference<>(ResourceGovernorTest.sample(10, 10, 10, 10));

        void set(ResourceSample sample) {
            next.set(sample);
        }

        @Override
        public ResourceSample sample() {
            return next.get();
        }
    }

    private static ResourceSample sample(double cpu, double systemMemory, double heap, double disk) {
        return new ResourceSample(Instant.EPOCH, cpu, systemMemory, heap, disk, 1L << 30);
    }

    private final SettableSampler sampler = new SettableSampler();
    private final ResourceGovernor governor = new ResourceGovernor(
            new ResourceMonitor(sampler, Duration.ZERO, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
            new AdaptivePolicy(new ProcessingPolicy(new TidemarkConfig.Sync("0 0/15 * * * ?", 1_000_000, 50_000_000,
                    0, 0, 0, 4, Duration.ofSeconds(5), Duration.ofMinutes(5), null, List.of("updated_at"), Duration.ofSeconds(5), "", "", "region", io.tidemark.config.TableFilters.none()))),
            new Thresholds(80, 90, 85, 95, 95, 5));
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final List<Thread> started = new ArrayList<>();

    @BeforeEach
    void startContext() {
        context.start();
    }

    @AfterEach
    void stopEverything() {
        for (Thread thread : started) {
            thread.interrupt();
        }
        context.stop();
    }

    private ResourceSample observe(double cpu, double systemMemory, double heap, double disk) {
        sampler.set(sample(cpu, systemMemory, heap, disk));
        return governor.observe();
    }

    private void observeCpu(double cpu) {
        observe(cpu, 10, 10, 10);
    }

    private void assertThreads(int small, int medium, int large) {
        assertThat(governor.threads(SMALL)).as("small").isEqualTo(small);
        assertThat(governor.threads(MEDIUM)).as("medium").isEqualTo(medium);
        assertThat(governor.threads(LARGE)).as("large").isEqualTo(large);
    }

    // ---------------------------------------------------------------------------------------------------------
    // levels

    @Test
    void startsWithNoPressureAndTheBaseThreads() {
        assertThat(governor.cpuLevel()).isEqualTo(NONE);
        assertThat(governor.memoryLevel()).isEqualTo(NONE);
        assertThat(governor.diskFull()).isFalse();
        assertThreads(4, 2, 1);
    }

    @Test
    void cpuLevelSetsEveryCategorysThreads() {
        observeCpu(86);
        assertThat(governor.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);

        observeCpu(96);
        assertThat(governor.cpuLevel()).isEqualTo(CRITICAL);
        assertThreads(1, 1, 1);

        // 82: not above critical 95 nor within its margin (>= 90), not above high 85, but within high's margin
        // (>= 80) coming from a level above NONE: HIGH
        observeCpu(82);
        assertThat(governor.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);

        observeCpu(10);
        assertThat(governor.cpuLevel()).isEqualTo(NONE);
        assertThreads(4, 2, 1);
    }

    @Test
    void cpuHysteresisKeepsCriticalWithinTheMargin() {
        observeCpu(96);
        observeCpu(90);
        assertThat(governor.cpuLevel()).isEqualTo(CRITICAL);
        assertThreads(1, 1, 1);
        observeCpu(89.9);
        assertThat(governor.cpuLevel()).isEqualTo(HIGH);
        assertThreads(2, 1, 1);
    }

    @Test
    void memoryLevelIsJudgedOnTheHigherOfHeapAndSystemMemory() {
        ResourceSample sample = observe(10, 50, 91, 10);
        assertThat(sample.memoryPercent()).isEqualTo(91.0);
        assertThat(governor.memoryLevel()).isEqualTo(CRITICAL);
        assertThat(governor.cpuLevel()).isEqualTo(NONE);
        assertThreads(4, 2, 1); // memory pressure does not change the threads

        observe(10, 50, 50, 10);
        assertThat(governor.memoryLevel()).isEqualTo(NONE);

        observe(10, 81, 20, 10);
        assertThat(governor.memoryLevel()).isEqualTo(HIGH);
        observe(10, 76, 20, 10);
        assertThat(governor.memoryLevel()).isEqualTo(HIGH);
        observe(10, 74, 20, 10);
        assertThat(governor.memoryLevel()).isEqualTo(NONE);
    }

    @Test
    void unknownReadingsKeepTheLevels() {
        observe(96, 50, 91, 96);
        observe(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        assertThat(governor.cpuLevel()).isEqualTo(CRITICAL);
        assertThat(governor.memoryLevel()).isEqualTo(CRITICAL);
        assertThat(governor.diskFull()).isTrue();
        assertThreads(1, 1, 1);

        // one unknown memory figure: the other one decides
        observe(96, Double.NaN, 50, 96);
        assertThat(governor.memoryLevel()).isEqualTo(NONE);
    }

    @Test
    void diskFullWithHysteresis() {
        observe(10, 10, 10, 95);
        assertThat(governor.diskFull()).isFalse();
        observe(10, 10, 10, 96);
        assertThat(governor.diskFull()).isTrue();
        observe(10, 10, 10, 92);
        assertThat(governor.diskFull()).isTrue();
        observe(10, 10, 10, 90);
        assertThat(governor.diskFull()).isTrue();
        observe(10, 10, 10, 89);
        assertThat(governor.diskFull()).isFalse();
        observe(10, 10, 10, 92);
        assertThat(governor.diskFull()).isFalse();
    }

    @Test
    void awaitDiskSpaceWaitsUntilTheDiskIsBelowTheMargin() throws Exception {
        observe(10, 10, 10, 96);
        Future<Void> waiting = inThread("disk-waiter", () -> {
            governor.awaitDiskSpace(tableExchange(SMALL));
            return null;
        });
        assertStillBlocked(waiting);
        sampler.set(sample(10, 10, 10, 92));
        assertStillBlocked(waiting);
        sampler.set(sample(10, 10, 10, 89));
        waiting.get(2, TimeUnit.SECONDS);
        assertThat(governor.diskFull()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------
    // table slots

    private Exchange tableExchange(SizeCategory category) {
        SourceTable table = new SourceTable(1, "public", category.label() + "_table", false, 10, "reltuples", 8192,
                null, List.of(), List.of("id"), category);
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(table);
        return exchange;
    }

    private Exchange acquired(SizeCategory category) throws InterruptedException {
        Exchange exchange = tableExchange(category);
        governor.acquireTableSlot(exchange);
        return exchange;
    }

    /**
     * Ends the exchange as Camel does when its route finishes. The slot is released by a {@link Synchronization}
     * added with {@code addOnCompletion}; on an exchange without a UnitOfWork (as here) it is kept on the exchange
     * itself. At the end of routing, Camel's DefaultUnitOfWork#done calls
     * {@link UnitOfWorkHelper#doneSynchronizations}, which runs onComplete (or onFailure when the exchange failed)
     * of each; we hand the exchange's completions over and run them the same way.
     */
    private static void complete(Exchange exchange) {
        List<Synchronization> completions = exchange.getExchangeExtension().handoverCompletions();
        assertThat(completions).hasSize(1);
        UnitOfWorkHelper.doneSynchronizations(exchange, completions);
    }

    private <T> Future<T> inThread(String name, java.util.concurrent.Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        started.add(thread);
        thread.start();
        return task;
    }

    private Future<Exchange> acquireInThread(SizeCategory category) {
        return inThread("acquire-" + category.label(), () -> acquired(category));
    }

    private static void assertStillBlocked(Future<?> future) throws InterruptedException {
        Thread.sleep(BLOCKED_FOR.toMillis());
        assertThat(future).as("still waiting after %s", BLOCKED_FOR).isNotDone();
    }

    private static <T> T doneSoon(Future<T> future) throws Exception {
        await().atMost(Duration.ofSeconds(2)).until(future::isDone);
        return future.get();
    }

    @Test
    void fifthSmallTableWaitsUntilOneCompletes() throws Exception {
        List<Exchange> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long before = System.nanoTime();
            running.add(acquired(SMALL));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        }

        Future<Exchange> fifth = acquireInThread(SMALL);
        assertStillBlocked(fifth);

        complete(running.remove(0));
        running.add(doneSoon(fifth));

        // the other categories have their own slots: 2 medium at once, 1 large
        acquired(MEDIUM);
        acquired(MEDIUM);
        acquired(LARGE);
        Future<Exchange> thirdMedium = acquireInThread(MEDIUM);
        assertStillBlocked(thirdMedium);
    }

    @Test
    void aFailedExchangeGivesItsSlotBackToo() throws Exception {
        Exchange only = acquired(LARGE);
        Future<Exchange> next = acquireInThread(LARGE);
        assertStillBlocked(next);

        only.setException(new IllegalStateException("batch failed"));
        complete(only);
        doneSoon(next);
    }

    @Test
    void loweredLimitIsRespectedWhileTablesRun() throws Exception {
        List<Exchange> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(acquired(SMALL));
        }
        observeCpu(86);
        assertThat(governor.threads(SMALL)).isEqualTo(2);

        complete(running.remove(0));
        complete(running.remove(0));
        // 2 running = the new limit: a new table waits
        Future<Exchange> waiting = acquireInThread(SMALL);
        assertStillBlocked(waiting);

        complete(running.remove(0)); // 1 running: the waiting table starts
        running.add(doneSoon(waiting));

        Future<Exchange> next = acquireInThread(SMALL); // 2 running again: waits
        assertStillBlocked(next);
        complete(running.remove(0));
        running.add(doneSoon(next));
        assertThat(running).hasSize(2);

        // CPU back to normal: the limit returns to 4 and 2 more start at once
        observeCpu(10);
        assertThat(governor.threads(SMALL)).isEqualTo(4);
        running.add(doneSoon(acquireInThread(SMALL)));
        running.add(doneSoon(acquireInThread(SMALL)));
        Future<Exchange> fifth = acquireInThread(SMALL);
        assertStillBlocked(fifth);
    }

    /** Waiting tables start in the order they arrived, although each waits in many short timed steps. */
    @Test
    void waitingTablesStartFirstComeFirstServed() throws Exception {
        Exchange running = acquired(LARGE);
        List<Future<Exchange>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(acquireInThread(LARGE));
            Thread.sleep(100); // joined the line before the next one; meanwhile ~10 timed waits of 10 ms each
        }
        assertThat(waiting).noneMatch(Future::isDone);

        for (int i = 0; i < 3; i++) {
            complete(running);
            running = doneSoon(waiting.get(i));
            for (int later = i + 1; later < 3; later++) {
                assertThat(waiting.get(later)).as("waiter %d after waiter %d started", later, i).isNotDone();
            }
            Thread.sleep(100);
            for (int later = i + 1; later < 3; later++) {
                assertThat(waiting.get(later)).as("waiter %d while waiter %d runs", later, i).isNotDone();
            }
        }
    }

    @Test
    void raisedLimitLetsAWaitingTableStart() throws Exception {
        observeCpu(96);
        assertThat(governor.threads(SMALL)).isEqualTo(1);
        acquired(SMALL);
        Future<Exchange> second = acquireInThread(SMALL);
        assertStillBlocked(second);

        // the waiting table observes the machine itself while it waits
        sampler.set(sample(10, 10, 10, 10));
        doneSoon(second);
        assertThat(governor.threads(SMALL)).isEqualTo(4);
    }

    // ---------------------------------------------------------------------------------------------------------
    // stopping

    private static Throwable failureWithin(Future<?> future, Duration timeout) throws Exception {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("still waiting " + timeout + " after the context was stopped (status "
                    + "isStopping/isStopped: see the test's comment)", e);
        }
        return null;
    }

    /** A service whose stop takes a while, as Camel's graceful shutdown waiting for in-flight exchanges does. */
    private static final class SlowToStop extends ServiceSupport {
        @Override
        protected void doStop() throws Exception {
            Thread.sleep(500);
        }
    }

    /**
     * While the context is stopping (here: a service that takes 0.5 s to stop), a table waiting for a slot gives
     * up within one wait step with {@link TidemarkStoppingException}.
     */
    @Test
    void waitingTableIsRefusedWhileTheContextIsStopping() throws Exception {
        context.addService(new SlowToStop(), true, true);
        acquired(LARGE);
        Future<Exchange> waiting = acquireInThread(LARGE);
        assertStillBlocked(waiting);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(context::stop);

        assertThat(failureWithin(waiting, Duration.ofSeconds(4))).isInstanceOf(TidemarkStoppingException.class)
                .hasMessage("public.large_table was not started: Tidemark is stopping");
        stop.get(5, TimeUnit.SECONDS);
    }

    /**
     * A bare context stops within a few milliseconds: its status is Stopping only briefly and then Stopped. The
     * waiting table polls every 10 ms (interval 0) and must still give up, so "stopping" has to include
     * "stopped". Exposes ResourceGovernor#waitForSlot checking only {@code isStopping()}.
     */
    @Test
    void waitingTableIsRefusedWhenTheContextStops() throws Exception {
        acquired(LARGE);
        Future<Exchange> waiting = acquireInThread(LARGE);
        assertStillBlocked(waiting);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(context::stop);

        assertThat(failureWithin(waiting, Duration.ofSeconds(4))).isInstanceOf(TidemarkStoppingException.class)
                .hasMessage("public.large_table was not started: Tidemark is stopping");
        stop.get(5, TimeUnit.SECONDS);
    }

    /** Deterministic form of the above: once the context has stopped, a table without a free slot must not wait. */
    @Test
    void tableWithoutASlotIsRefusedOnceTheContextHasStopped() throws Exception {
        acquired(LARGE);
        context.stop();
        assertThat(context.isStopped()).isTrue();
        assertThat(context.isStopping()).isFalse();

        Future<Exchange> waiting = acquireInThread(LARGE);

        assertThat(failureWithin(waiting, Duration.ofSeconds(2))).isInstanceOf(TidemarkStoppingException.class);
    }

    /** Same for the wait on a full disk: it must end once the context has stopped. */
    @Test
    void diskWaitEndsOnceTheContextHasStopped() throws Exception {
        observe(10, 10, 10, 96);
        context.stop();

        Future<Void> waiting = inThread("disk-waiter", () -> {
            governor.awaitDiskSpace(tableExchange(SMALL));
            return null;
        });

        assertThat(failureWithin(waiting, Duration.ofSeconds(2))).isNull();
        assertThat(governor.diskFull()).isTrue();
    }
}
