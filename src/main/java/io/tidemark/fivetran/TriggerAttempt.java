package io.tidemark.fivetran;

import io.tidemark.fivetran.TriggerOutcome.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one trigger stands while the {@code fivetran-trigger} route works through its steps: the step to take
 * next, the calls made so far and the outcome as it is known. Lives in one exchange property, one thread.
 */
public final class TriggerAttempt {
    /** The steps of the route, in their order; {@code DONE} ends it. */
    public enum Step { STATUS, UNPAUSE, SYNC, WAIT, DONE }

    private final TriggerRequest request;
    private final boolean dryRun;
    private final List<String> calls = new ArrayList<>();
    private Step next = Step.STATUS;
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

    /** The next step's name in lower case, as the route's conditions compare it. */
    public String getNext() {
        return next.name().toLowerCase(Locale.ROOT);
    }

    TriggerRequest request() {
        return request;
    }

    void proceedTo(Step step) {
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
        this.next = Step.DONE;
    }

    /** Records an outcome that further steps (waiting) may still refine. */
    void reached(Outcome reached, String why, Step then) {
        this.outcome = reached;
        this.detail = why;
        this.next = then;
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
