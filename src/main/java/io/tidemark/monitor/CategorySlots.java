package io.tidemark.monitor;

import java.util.ArrayDeque;

/**
 * How many tables of one category may be read at once, changeable while tables run: lowering the limit lets
 * the running tables finish and holds back new ones until fewer than the new limit run. Waiting tables keep
 * their place in line (first come, first served) across timed waits, so the category's order, smaller tables
 * first, survives pressure.
 */
final class CategorySlots {
    private final ArrayDeque<Ticket> line = new ArrayDeque<>();
    private int limit;
    private int inUse;

    CategorySlots(int limit) {
        this.limit = limit;
    }

    synchronized int limit() {
        return limit;
    }

    synchronized void limit(int newLimit) {
        limit = newLimit;
        notifyAll();
    }

    /** Joins the line. */
    synchronized Ticket join() {
        Ticket ticket = new Ticket();
        line.addLast(ticket);
        return ticket;
    }

    /** Waits up to {@code millis} for the ticket's turn and a free slot; true once the slot is taken. */
    synchronized boolean take(Ticket ticket, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (line.peekFirst() != ticket || inUse >= limit) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        line.removeFirst();
        inUse++;
        notifyAll();
        return true;
    }

    /** Leaves the line without a slot. */
    synchronized void leave(Ticket ticket) {
        line.remove(ticket);
        notifyAll();
    }

    synchronized void release() {
        inUse--;
        notifyAll();
    }

    static final class Ticket {
    }
}
