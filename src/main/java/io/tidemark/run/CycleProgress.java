package io.tidemark.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tables of one cycle running on this node: how many were dispatched, started and finished, and their outcomes.
 * The assignment of each of its tables.
 */
final class CycleProgress implements TableAssignment {
    private final CountDownLatch unfinished;
    private final AtomicInteger started = new AtomicInteger();
    private final List<TableRun> outcomes = new ArrayList<>();

    CycleProgress(int tables) {
        this.unfinished = new CountDownLatch(tables);
    }

    @Override
    public void started() {
        started.incrementAndGet();
    }

    @Override
    public void finished(TableRun outcome) {
        synchronized (outcomes) {
            outcomes.add(outcome);
        }
        unfinished.countDown();
    }

    /** Waits up to {@code millis}; true when every dispatched table has finished. */
    boolean awaitAll(long millis) throws InterruptedException {
        return unfinished.await(millis, TimeUnit.MILLISECONDS);
    }

    /** True when every table that started has finished (the rest are still queued). */
    boolean noneRunning() {
        synchronized (outcomes) {
            return outcomes.size() >= started.get();
        }
    }

    List<TableRun> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }
}
