package io.tidemark.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Reading Fivetran's connection answer: the baseline and which of succeeded_at / failed_at is the newer. */
class ConnectionStatusTest {
    private static ConnectionStatus parse(String json) throws Exception {
        return ConnectionStatus.of(new ObjectMapper().readTree(json));
    }

    @Test
    void theBaselineIsTheNewerOfSucceededAndFailed() throws Exception {
        ConnectionStatus succeededLast = parse("""
                {"data":{"paused":false,"succeeded_at":"2026-11-20T10:00:00.123Z","failed_at":"2026-11-20T11:00:00+01:00",
                 "status":{"sync_state":"scheduled","setup_state":"connected"}}}""");
        assertThat(succeededLast.lastEnded()).as("the failure (11:00+01:00 = 10:00Z) came 123 ms before the success")
                .isEqualTo(Instant.parse("2026-11-20T10:00:00.123Z"));
        assertThat(succeededLast.lastSucceeded()).isTrue();

        ConnectionStatus failedLater = parse("""
                {"data":{"succeeded_at":"2026-11-20T10:00:00Z","failed_at":"2026-11-20T10:05:00Z","status":{}}}""");
        assertThat(failedLater.lastEnded()).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
        assertThat(failedLater.lastSucceeded()).isFalse();

        ConnectionStatus succeededLater = parse("""
                {"data":{"succeeded_at":"2026-11-20T10:10:00Z","failed_at":"2026-11-20T10:05:00Z","status":{}}}""");
        assertThat(succeededLater.lastSucceeded()).isTrue();
    }

    @Test
    void aConnectionThatNeverSyncedHasNoBaseline() throws Exception {
        ConnectionStatus fresh = parse("""
                {"data":{"paused":false,"succeeded_at":null,"failed_at":null,"status":{"sync_state":"scheduled"}}}""");
        assertThat(fresh.lastEnded()).isNull();
        assertThat(fresh.lastSucceeded()).isFalse();
    }

    @Test
    void statesComeFromDataAndStatus() throws Exception {
        ConnectionStatus status = parse("""
                {"data":{"paused":true,"status":{"sync_state":"rescheduled","setup_state":"broken",
                 "rescheduled_for":"2026-11-21T02:00:00Z"}}}""");
        assertThat(status.isPaused()).isTrue();
        assertThat(status.broken()).isTrue();
        assertThat(status.rescheduled()).isTrue();
        assertThat(status.rescheduledFor()).isEqualTo("2026-11-21T02:00:00Z");
        assertThat(parse("{\"data\":{\"paused\":false,\"status\":{\"sync_state\":\"paused\"}}}").isPaused())
                .as("a paused sync state counts as paused").isTrue();
        assertThat(parse("{\"data\":{\"status\":{\"sync_state\":\"syncing\"}}}").syncing()).isTrue();
    }

    @Test
    void anUnreadableTimestampIsNoTimestamp() throws Exception {
        assertThat(parse("{\"data\":{\"succeeded_at\":\"yesterday\"}}").lastEnded()).isNull();
        assertThat(parse("{}").lastEnded()).isNull();
    }
}
