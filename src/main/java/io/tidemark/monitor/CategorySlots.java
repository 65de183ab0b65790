package io.tidemark.monitor;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many tables of one category may be read at once, changeable while tables run: lowering it lets the
 * running tables finish and holds back new ones until the count is under the new limit.
 */
final class CategorySlots {
    private final AdjustableSemaphore semaphore;
    private int limit;

    CategorySlots(int limit) {
        this.limit = limit;
        this.semaphore = new AdjustableSemaphore(limit);
    }

    synchronized int limit() {
        return limit;
    }

    synchronized void limit(int newLimit) {
        int delta = newLimit - limit;
        if (delta > 0) {
            semaphore.release(delta);
        } else if (delta < 0) {
            semaphore.reduce(-delta);
        }
        limit = newLimit;
    }

    boolean tryAcquire(long millis) throws InterruptedException {
        return semaphore.tryAcquire(millis, TimeUnit.MILLISECONDS);
    }

    void release() {
        semaphore.release();
    }

    private static final class AdjustableSemaphore extends Semaphore {
        AdjustableSemaphore(int permits) {
            super(permits, true);
        }

        void reduce(int permits) {
            reducePermits(permits);
        }
    }
}
