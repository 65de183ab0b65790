package io.tidemark.monitor;

import static io.tidemark.discovery.SizeCategory.LARGE;
import static io.tidemark.discovery.SizeCategory.MEDIUM;
import static io.tidemark.discovery.SizeCategory.SMALL;
import static io.tidemark.monitor.BackgroundCalls.assertStillBlocked;
import static io.tidemark.monitor.BackgroundCalls.doneSoon;
import static io.tidemark.monitor.BackgroundCalls.failureWithin;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.UnitOfWorkHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TableSlots} over a {@link ScriptedMachine}: threads 4/2/1, CPU high 85, critical 95. */
class TableSlotsTest {
    private final ScriptedMachine machine = new ScriptedMachine();
    private final BackgroundCalls calls = new BackgroundCalls();

    @AfterEach
    void stopEverything() {
        calls.close();
    }

    private static SourceTable table(SizeCategory category) {
        return new SourceTable(1, "public", category.label() + "_table", false, 10, "reltuples", 8192,
                null, List.of(), List.of("id"), category);
    }

    private TableSlots.Slot acquired(SizeCategory category) throws InterruptedException {
        return machine.slots.acquire(table(category), calls.context);
    }

    private static void release(TableSlots.Slot slot) {
        slot.release();
    }

    private Future<TableSlots.Slot> acquireInThread(SizeCategory category) {
        return calls.start("acquire-" + category.label(), () -> acquired(category));
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

    /** The route step: the table in the body holds its slot until its exchange completes, failed or not. */
    @Test
    void aFailedExchangeGivesItsSlotBackToo() throws Exception {
        Exchange only = new DefaultExchange(calls.context);
        machine.slots.acquireTableSlot(table(LARGE), only);
        Future<TableSlots.Slot> next = acquireInThread(LARGE);
        assertStillBlocked(next);

        only.setException(new IllegalStateException("batch failed"));
        complete(only);
        doneSoon(next);
    }

    @Test
    void fifthSmallTableWaitsUntilOneCompletes() throws Exception {
        List<TableSlots.Slot> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long before = System.nanoTime();
            running.add(acquired(SMALL));
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        }

        Future<TableSlots.Slot> fifth = acquireInThread(SMALL);
        assertStillBlocked(fifth);

        release(running.remove(0));
        running.add(doneSoon(fifth));

        // the other categories have their own slots: 2 medium at once, 1 large
        acquired(MEDIUM);
        acquired(MEDIUM);
        acquired(LARGE);
        Future<TableSlots.Slot> thirdMedium = acquireInThread(MEDIUM);
        assertStillBlocked(thirdMedium);
    }

    @Test
    void loweredLimitIsRespectedWhileTablesRun() throws Exception {
        List<TableSlots.Slot> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(acquired(SMALL));
        }
        machine.observe(86, 10, 10, 10);
        assertThat(machine.slots.threads(SMALL)).isEqualTo(2);

        release(running.remove(0));
        release(running.remove(0));
        // 2 running = the new limit: a new table waits
        Future<TableSlots.Slot> waiting = acquireInThread(SMALL);
        assertStillBlocked(waiting);

        release(running.remove(0)); // 1 running: the waiting table starts
        running.add(doneSoon(waiting));

        Future<TableSlots.Slot> next = acquireInThread(SMALL); // 2 running again: waits
        assertStillBlocked(next);
        release(running.remove(0));
        running.add(doneSoon(next));
        assertThat(running).hasSize(2);

        // CPU back to normal: the limit returns to 4 and 2 more start at once
        machine.observe(10, 10, 10, 10);
        assertThat(machine.slots.threads(SMALL)).isEqualTo(4);
        running.add(doneSoon(acquireInThread(SMALL)));
        running.add(doneSoon(acquireInThread(SMALL)));
        Future<TableSlots.Slot> fifth = acquireInThread(SMALL);
        assertStillBlocked(fifth);
    }

    /** Waiting tables start in the order they arrived, although each waits in many short timed steps. */
    @Test
    void waitingTablesStartFirstComeFirstServed() throws Exception {
        TableSlots.Slot running = acquired(LARGE);
        List<Future<TableSlots.Slot>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(acquireInThread(LARGE));
            Thread.sleep(100); // joined the line before the next one; meanwhile ~10 timed waits of 10 ms each
        }
        assertThat(waiting).noneMatch(Future::isDone);

        for (int i = 0; i < 3; i++) {
            release(running);
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
        machine.observe(96, 10, 10, 10);
        assertThat(machine.slots.threads(SMALL)).isEqualTo(1);
        acquired(SMALL);
        Future<TableSlots.Slot> second = acquireInThread(SMALL);
        assertStillBlocked(second);

        // the waiting table observes the machine itself while it waits
        machine.set(10, 10, 10, 10);
        doneSoon(second);
        assertThat(machine.slots.threads(SMALL)).isEqualTo(4);
    }

    // ---------------------------------------------------------------------------------------------------------
    // stopping

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
        calls.context.addService(new SlowToStop(), true, true);
        assertWaitingTableIsRefusedWhenTheContextStops();
    }

    /**
     * A bare context stops within a few milliseconds: its status is Stopping only briefly and then Stopped. The
     * waiting table polls every 10 ms (interval 0) and must still give up, so "stopping" has to include
     * "stopped". Exposes TableSlots#acquire checking only {@code isStopping()}.
     */
    @Test
    void waitingTableIsRefusedWhenTheContextStops() throws Exception {
        assertWaitingTableIsRefusedWhenTheContextStops();
    }

    private void assertWaitingTableIsRefusedWhenTheContextStops() throws Exception {
        acquired(LARGE);
        Future<TableSlots.Slot> waiting = acquireInThread(LARGE);
        assertStillBlocked(waiting);

        CompletableFuture<Void> stop = CompletableFuture.runAsync(calls.context::stop);

        assertThat(failureWithin(waiting, Duration.ofSeconds(4))).isInstanceOf(TidemarkStoppingException.class)
                .hasMessage("public.large_table was not started: Tidemark is stopping");
        stop.get(5, TimeUnit.SECONDS);
    }

    /** Deterministic form of the above: once the context has stopped, a table without a free slot must not wait. */
    @Test
    void tableWithoutASlotIsRefusedOnceTheContextHasStopped() throws Exception {
        acquired(LARGE);
        calls.context.stop();
        assertThat(calls.context.isStopped()).isTrue();
        assertThat(calls.context.isStopping()).isFalse();

        Future<TableSlots.Slot> waiting = acquireInThread(LARGE);

        assertThat(failureWithin(waiting, Duration.ofSeconds(2))).isInstanceOf(TidemarkStoppingException.class);
    }
}
