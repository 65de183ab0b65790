package io.tidemark.fivetran;

import java.util.EnumSet;
import java.util.Set;

/**
 * The steps of one trigger, in the order the {@code fivetran-trigger} route takes them, and every transition
 * between them, listed in {@link #successors}. Each step's method in {@link FivetranTrigger} chooses among its
 * step's successors; {@link TriggerAttempt} refuses any other move.
 */
public enum TriggerStep {
    /** Whether any call is needed at all. */
    BEGIN,
    /** {@code GET} the connection: the baseline, and whether it is broken, paused or already syncing. */
    STATUS,
    /** {@code PATCH {"paused": false}}. */
    UNPAUSE,
    /** {@code POST .../sync}. */
    SYNC,
    /** Poll the connection until the baseline moves (wait-for-completion). */
    WAIT,
    /** The outcome is final. */
    DONE;

    /** The steps this one may lead to. */
    Set<TriggerStep> successors() {
        return switch (this) {
            // a sync is needed, with credentials, a connection and no cooldown → STATUS; else DONE without a call
            case BEGIN -> EnumSet.of(STATUS, DONE);
            // paused and unpause allowed → UNPAUSE; ready, or syncing but forced → SYNC; syncing → adopted, then
            // WAIT (wait-for-completion) or DONE; broken, paused without unpause, a failed call → DONE
            case STATUS -> EnumSet.of(UNPAUSE, SYNC, WAIT, DONE);
            // unpaused → SYNC; a failed call → DONE
            case UNPAUSE -> EnumSet.of(SYNC, DONE);
            // triggered, or 409 adopted → WAIT (wait-for-completion) or DONE; a failed call → DONE
            case SYNC -> EnumSet.of(WAIT, DONE);
            // still running → WAIT again; ended, rescheduled, timed out, stopping, a failed poll → DONE
            case WAIT -> EnumSet.of(WAIT, DONE);
            case DONE -> EnumSet.noneOf(TriggerStep.class);
        };
    }
}
