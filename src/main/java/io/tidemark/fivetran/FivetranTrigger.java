package io.tidemark.fivetran;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.fivetran.TriggerOutcome.Outcome;
import io.tidemark.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code fivetran-trigger} route for one connection: check what is needed (fresh data, dry
 * run, cooldown), read the connection's status and the baseline (the end of its latest sync) <em>before</em>
 * acting, unpause it, trigger the sync or adopt the one already running, and optionally wait until the
 * baseline moves. The calls themselves go through the {@code fivetran-call} route, with its retries.
 */
public final class FivetranTrigger {
    private static final Logger LOG = LoggerFactory.getLogger(FivetranTrigger.class);
    /** The exchange property holding the {@link TriggerAttempt}. */
    public static final String ATTEMPT = "tidemarkTrigger";
    private static final int CONFLICT = 409;

    private final TidemarkConfig.Fivetran config;
    private final StateStore cooldowns;
    private final Clock clock;

    public FivetranTrigger(TidemarkConfig.Fivetran config, StateStore cooldowns, Clock clock) {
        this.config = config;
        this.cooldowns = cooldowns;
        this.clock = clock;
    }

    /** Starts the attempt on the request and decides whether any call is needed. */
    public TriggerAttempt begin(@Body TriggerRequest request) {
        TriggerAttempt attempt = new TriggerAttempt(request, config.dryRun());
        String connection = request.connectionId();
        if (!request.syncNeeded()) {
            attempt.end(Outcome.NOT_NEEDED, "the data is fresh", true);
        } else if (config.dryRun()) {
            attempt.end(Outcome.DRY_RUN, "sync needed; dry run (no Fivetran API key): nothing called", true);
        } else if (connection == null) {
            attempt.end(Outcome.NO_CONNECTION, "sync needed, but no Fivetran connection is configured for these rows"
                    + " (tidemark.fivetran.connection-id or a connection_id column)", false);
        } else if (!TidemarkConfig.Fivetran.CONNECTION_ID.matcher(connection).matches()) {
            attempt.end(Outcome.FAILED, "'" + connection + "' is not a Fivetran connection id (letters, digits, _ and -)", false);
        } else {
            Optional<Instant> last;
            try {
                last = cooldowns.lastTriggered(connection);
            } catch (IOException e) {
                // without knowing the last trigger, triggering could break the cooldown: this connection waits
                attempt.end(Outcome.FAILED, "reading the last trigger of " + connection + " (cooldown) failed: "
                        + e.getMessage(), false);
                return attempt;
            }
            Instant now = clock.instant();
            if (last.isPresent() && last.get().plus(config.cooldown()).isAfter(now)) {
                attempt.end(Outcome.COOLDOWN, "sync needed, but " + connection + " was triggered at " + last.get()
                        + "; no new trigger before " + last.get().plus(config.cooldown()) + " (tidemark.fivetran.cooldown)", true);
            } else {
                attempt.moveTo(TriggerStep.STATUS);
            }
        }
        return attempt;
    }

    public FivetranRequest statusRequest(@ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        return FivetranRequest.status(attempt.request().connectionId());
    }

    /** The connection's status before acting: broken, paused, already syncing, or ready to trigger. */
    public void statusReceived(@Body FivetranResponse response, @ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        attempt.answered(response);
        if (!response.ok()) {
            attempt.end(Outcome.FAILED, "reading the connection failed: " + response.describe() + ": " + response.message(), false);
            return;
        }
        ConnectionStatus status = ConnectionStatus.of(response.json());
        attempt.baseline(status.lastEnded());
        String connection = attempt.request().connectionId();
        if (status.broken()) {
            attempt.end(Outcome.BROKEN, connection + " is broken (setup_state=broken): fix its setup in Fivetran", false);
        } else if (status.isPaused()) {
            if (config.unpause()) {
                attempt.moveTo(TriggerStep.UNPAUSE);
            } else {
                attempt.end(Outcome.PAUSED, connection + " is paused and tidemark.fivetran.unpause is false: not triggered", false);
            }
        } else if (status.syncing() && !config.force()) {
            adopt(attempt, connection + " is already syncing: adopted that sync (tidemark.fivetran.force=false)");
        } else {
            attempt.moveTo(TriggerStep.SYNC);
        }
    }

    public FivetranRequest unpauseRequest(@ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        return FivetranRequest.unpause(attempt.request().connectionId());
    }

    public void unpauseReceived(@Body FivetranResponse response, @ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        attempt.answered(response);
        if (response.ok()) {
            attempt.moveTo(TriggerStep.SYNC);
        } else {
            attempt.end(Outcome.FAILED, "unpausing failed: " + response.describe() + ": " + response.message(), false);
        }
    }

    public FivetranRequest syncRequest(@ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        return FivetranRequest.sync(attempt.request().connectionId(), config.force());
    }

    /** Triggered (and the cooldown starts), already syncing (409: adopted), or failed. */
    public void syncReceived(@Body FivetranResponse response, @ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        attempt.answered(response);
        String connection = attempt.request().connectionId();
        if (response.ok()) {
            attempt.triggered();
            rememberTrigger(connection);
            reachedThenWait(attempt, Outcome.TRIGGERED, "sync of " + connection + " triggered" + (config.force() ? " (forced)" : ""));
        } else if (response.status() == CONFLICT) {
            adopt(attempt, connection + " is already syncing (409): adopted that sync");
        } else {
            attempt.end(Outcome.FAILED, "triggering failed: " + response.describe() + ": " + response.message(), false);
        }
    }

    /**
     * One poll while waiting: done when the latest sync's end has moved past the baseline, Fivetran rescheduled
     * the sync, wait-timeout has passed or {@code camel} is stopping; else the attempt waits on.
     */
    public void pollReceived(@Body FivetranResponse response, @ExchangeProperty(ATTEMPT) TriggerAttempt attempt,
                             CamelContext camel) {
        attempt.answered(response);
        String connection = attempt.request().connectionId();
        if (!response.ok()) {
            attempt.end(attempt.currentOutcome(), attempt.detail() + "; waiting failed: " + response.describe()
                    + ": " + response.message(), false);
            return;
        }
        ConnectionStatus status = ConnectionStatus.of(response.json());
        Instant ended = status.lastEnded();
        if (ended != null && (attempt.baselineAt() == null || ended.isAfter(attempt.baselineAt()))) {
            attempt.completed(ended);
            if (status.lastSucceeded()) {
                attempt.end(Outcome.SUCCEEDED, "sync of " + connection + " succeeded at " + ended, true);
            } else {
                attempt.end(Outcome.SYNC_FAILED, "sync of " + connection + " failed at " + ended, false);
            }
        } else if (status.rescheduled()) {
            attempt.rescheduledFor(status.rescheduledFor());
            attempt.end(Outcome.RESCHEDULED, "Fivetran rescheduled the sync of " + connection
                    + (status.rescheduledFor() == null ? "" : " for " + status.rescheduledFor()) + ": stopped waiting", true);
        } else if (!clock.instant().isBefore(attempt.waitUntil())) {
            attempt.end(Outcome.WAIT_TIMEOUT, "sync of " + connection + " still not finished after "
                    + config.waitTimeout() + " (tidemark.fivetran.wait-timeout)", false);
        } else if (camel.isStopping()) {
            attempt.end(Outcome.INTERRUPTED, attempt.detail() + "; stopped waiting: Tidemark is stopping", true);
        }
    }

    /** The attempt's outcome, logged; the body for the freshness check to record. */
    public TriggerOutcome finish(@ExchangeProperty(ATTEMPT) TriggerAttempt attempt) {
        TriggerOutcome outcome = attempt.outcome();
        String connection = outcome.connectionId() == null ? "-" : outcome.connectionId();
        if (outcome.success()) {
            LOG.info("Fivetran {}: {}: {} {}", connection, outcome.outcome().label(), outcome.detail(), outcome.apiCalls());
        } else {
            LOG.warn("Fivetran {}: {}: {} {}", connection, outcome.outcome().label(), outcome.detail(), outcome.apiCalls());
        }
        return outcome;
    }

    private void adopt(TriggerAttempt attempt, String why) {
        reachedThenWait(attempt, Outcome.ADOPTED, why);
    }

    /** A sync is under way: done, or (wait-for-completion) waiting for it until wait-timeout from now. */
    private void reachedThenWait(TriggerAttempt attempt, Outcome reached, String why) {
        if (config.waitForCompletion()) {
            attempt.waitUntil(clock.instant().plus(config.waitTimeout()));
            attempt.reached(reached, why, TriggerStep.WAIT);
        } else {
            attempt.reached(reached, why, TriggerStep.DONE);
        }
    }

    /** The cooldown starts with a trigger Fivetran accepted; failing to remember it must not hide the trigger. */
    private void rememberTrigger(String connection) {
        try {
            cooldowns.saveTriggered(connection, clock.instant());
        } catch (IOException e) {
            LOG.warn("Fivetran {}: triggered, but remembering it for the cooldown failed: {}", connection, e.getMessage());
        }
    }
}
