package io.tidemark.fivetran;

import io.tidemark.fivetran.TriggerOutcome.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one trigger stands while the {@code fivetran-trigger} route works through its steps: the step it takes
 * next, the calls made so far and the outcome as it is known. The route keeps it in the exchange property
 * {@link FivetranTrigger#ATTEMPT}; one thread uses it at a time.
 */
public final class TriggerAttempt {
    private final TriggerRequest request;
    private final boolean dryRun;
    private final List<String> calls = new ArrayList<>();
    private TriggerStep next = TriggerStep.BEGIN;
    private Outcome outcome;
    private String detail;
    private boolean triggered;
    private boolean success = true;
    private FivetranResponse lastResponse;
    private Instant baselineAt;
    private Instant completedAt;
    private String rescheduledFor;
    private Instant waitUntil;

    TriggerAttempt(TriggerRequest request, boolean dryRun) {
        this.request = request;
        this.dryRun = dryRun;
    }

    /**
     * The step the route takes next; its filters compare it by name. The only accessor of that name: Simple
     * calls methods by name and would pick any overload.
     */
    public TriggerStep getNext() {
        return next;
    }

    TriggerRequest request() {
        return request;
    }

    /** Moves on to {@code step}, which must be a successor of the step just taken. */
    void moveTo(TriggerStep step) {
        if (!next.successors().contains(step)) {
            throw new IllegalStateException("a Fivetran trigger cannot go from " + next + " to " + step);
        }
        this.next = step;
    }

    void answered(FivetranResponse response) {
        calls.add(response.describe());
        lastResponse = response;
    }

    /** Ends the attempt with this outcome. */
    void end(Outcome ended, String why, boolean succeeded) {
        this.outcome = ended;
        this.detail = why;
        this.success = succeeded;
        moveTo(TriggerStep.DONE);
    }

    /** Records an outcome that a later step (waiting) may still refine, and moves on to that step. */
    void reached(Outcome reached, String why, TriggerStep then) {
        this.outcome = reached;
        this.detail = why;
        moveTo(then);
    }

    Outcome currentOutcome() {
        return outcome;
    }

    String detail() {
        return detail;
    }

    void triggered() {
        this.triggered = true;
    }

    void baseline(Instant at) {
        this.baselineAt = at;
    }

    Instant baselineAt() {
        return baselineAt;
    }

    void completed(Instant at) {
        this.completedAt = at;
    }

    void rescheduledFor(String at) {
        this.rescheduledFor = at;
    }

    void waitUntil(Instant deadline) {
        this.waitUntil = deadline;
    }

    Instant waitUntil() {
        return waitUntil;
    }

    TriggerOutcome outcome() {
        return new TriggerOutcome(request, dryRun, outcome, detail, triggered,
                lastResponse == null ? null : lastResponse.status(), lastResponse == null ? null : lastResponse.body(),
                List.copyOf(calls), success, baselineAt, completedAt, rescheduledFor);
    }
}
