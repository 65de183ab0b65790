package io.tidemark.fivetran;

import java.time.Instant;
import java.util.List;

/**
 * What came of one {@link TriggerRequest}: recorded as one {@code _tidemark.sync_events} record.
 *
 * @param outcome      what happened, one of {@link Outcome}
 * @param detail       the outcome in words, for people
 * @param triggered    whether Tidemark started a sync (a POST that Fivetran accepted)
 * @param apiStatus    the HTTP status of the last call, null when none was made, 0 when it got no answer
 * @param apiResponse  the body of the last answer (Fivetran's JSON) or why there was none
 * @param apiCalls     every call made, in order, with its status
 * @param success      false when what was needed did not happen (a failed call, a broken or paused connection,
 *                     a failed sync, a wait that timed out)
 * @param baselineAt   the end of the connection's latest sync before Tidemark acted
 * @param completedAt  when waited for: the end of the sync Tidemark triggered or adopted
 */
public record TriggerOutcome(TriggerRequest request, boolean dryRun, Outcome outcome, String detail, boolean triggered,
                             Integer apiStatus, String apiResponse, List<String> apiCalls, boolean success,
                             Instant baselineAt, Instant completedAt, String rescheduledFor) {

    /** The outcomes, as recorded in {@code outcome}. */
    public enum Outcome {
        /** The data is fresh: nothing to do. */
        NOT_NEEDED,
        /** Stale, but no API key: decided and recorded only. */
        DRY_RUN,
        /** Stale, but no connection is configured for these rows. */
        NO_CONNECTION,
        /** Stale, but this connection was triggered within the cooldown. */
        COOLDOWN,
        /** A sync was triggered. */
        TRIGGERED,
        /** A sync was already running (or the POST answered 409): it is the sync that brings the data. */
        ADOPTED,
        /** The triggered or adopted sync finished successfully (wait-for-completion). */
        SUCCEEDED,
        /** The triggered or adopted sync failed (wait-for-completion). */
        SYNC_FAILED,
        /** Fivetran rescheduled the sync (wait-for-completion stops waiting; see rescheduled_for). */
        RESCHEDULED,
        /** The sync did not finish within wait-timeout. */
        WAIT_TIMEOUT,
        /** Waiting was cut short because Tidemark is stopping. */
        INTERRUPTED,
        /** The connection is paused and tidemark.fivetran.unpause is false. */
        PAUSED,
        /** The connection's setup is broken: Fivetran cannot sync it. */
        BROKEN,
        /** A call failed (after retries where they apply). */
        FAILED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String connectionId() {
        return request.connectionId();
    }
}
