package io.tidemark.fivetran;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.fivetran.TriggerOutcome.Outcome;
import io.tidemark.state.FileStateStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger's steps called as plain methods, without a route: which step each answer leads to, and that the
 * attempt refuses a move {@link TriggerStep} does not list. FivetranTriggerTest plays the same over HTTP.
 */
class FivetranTriggerStepsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String CONNECTION = "conn_a";

    @TempDir
    Path state;

    private FivetranTrigger trigger(boolean unpause, boolean waitForCompletion) {
        TidemarkConfig.Fivetran config = new TidemarkConfig.Fivetran(URI.create("http://127.0.0.1:1"), "key", "secret",
                List.of(CONNECTION), false, unpause, Duration.ofMinutes(30), waitForCompletion, Duration.ofSeconds(15),
                Duration.ofHours(1), 4, Duration.ofSeconds(2), Duration.ofMinutes(2), Duration.ofSeconds(10), Duration.ofSeconds(30));
        return new FivetranTrigger(config, new FileStateStore(state), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static FivetranResponse answer(FivetranRequest request, int status, String body) {
        return new FivetranResponse(request, status, body);
    }

    private static String connection(boolean paused, String syncState) {
        return "{\"data\":{\"paused\":" + paused + ",\"succeeded_at\":\"2026-11-20T10:00:00Z\",\"status\":{\"sync_state\":\""
                + syncState + "\",\"setup_state\":\"connected\"}}}";
    }

    @Test
    void freshDataIsDoneWithoutACall() {
        TriggerAttempt attempt = trigger(true, false).begin(new TriggerRequest(CONNECTION, false));

        assertThat(attempt.getNext()).isEqualTo(TriggerStep.DONE);
        assertThat(attempt.outcome().outcome()).isEqualTo(Outcome.NOT_NEEDED);
        assertThat(attempt.outcome().apiCalls()).isEmpty();
    }

    @Test
    void aPausedConnectionIsUnpausedThenSyncedThenWaitedFor() {
        FivetranTrigger trigger = trigger(true, true);
        TriggerAttempt attempt = trigger.begin(new TriggerRequest(CONNECTION, true));
        assertThat(attempt.getNext()).isEqualTo(TriggerStep.STATUS);

        trigger.statusReceived(answer(trigger.statusRequest(attempt), 200, connection(true, "paused")), attempt);
        assertThat(attempt.getNext()).isEqualTo(TriggerStep.UNPAUSE);

        trigger.unpauseReceived(answer(trigger.unpauseRequest(attempt), 200, "{}"), attempt);
        assertThat(attempt.getNext()).isEqualTo(TriggerStep.SYNC);

        trigger.syncReceived(answer(trigger.syncRequest(attempt), 200, "{\"code\":\"Success\"}"), attempt);
        assertThat(attempt.getNext()).isEqualTo(TriggerStep.WAIT);
        TriggerOutcome outcome = trigger.finish(attempt);
        assertThat(outcome.outcome()).isEqualTo(Outcome.TRIGGERED);
        assertThat(outcome.apiCalls()).containsExactly("GET /v1/connections/conn_a → 200",
                "PATCH /v1/connections/conn_a → 200", "POST /v1/connections/conn_a/sync → 200");
    }

    @Test
    void aSyncAlreadyRunningIsAdoptedAndWithoutWaitingThatIsTheEnd() {
        FivetranTrigger trigger = trigger(true, false);
        TriggerAttempt attempt = trigger.begin(new TriggerRequest(CONNECTION, true));

        trigger.statusReceived(answer(trigger.statusRequest(attempt), 200, connection(false, "syncing")), attempt);

        assertThat(attempt.getNext()).isEqualTo(TriggerStep.DONE);
        assertThat(attempt.outcome().outcome()).isEqualTo(Outcome.ADOPTED);
    }

    @Test
    void aMoveTheStepsDoNotListIsRefused() {
        TriggerAttempt unpaused = trigger(true, false).begin(new TriggerRequest(CONNECTION, true));
        unpaused.moveTo(TriggerStep.UNPAUSE);
        TriggerAttempt done = trigger(true, false).begin(new TriggerRequest(CONNECTION, false));

        assertThatThrownBy(() -> unpaused.moveTo(TriggerStep.WAIT)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a Fivetran trigger cannot go from UNPAUSE to WAIT");
        assertThatThrownBy(() -> done.moveTo(TriggerStep.SYNC)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a Fivetran trigger cannot go from DONE to SYNC");
    }
}
