package io.tidemark.fivetran;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * What {@code GET /v1/connections/<id>} says about a connection. Fivetran has no sync-run id: a sync has ended
 * when {@link #lastEnded()}, the newer of {@code succeeded_at} and {@code failed_at}, moves.
 */
public record ConnectionStatus(boolean paused, String syncState, String setupState, Instant succeededAt,
                               Instant failedAt, String rescheduledFor) {

    public static ConnectionStatus of(JsonNode body) {
        JsonNode data = body.path("data");
        JsonNode status = data.path("status");
        return new ConnectionStatus(data.path("paused").asBoolean(false), text(status, "sync_state"),
                text(status, "setup_state"), instant(data, "succeeded_at"), instant(data, "failed_at"),
                text(status, "rescheduled_for"));
    }

    public boolean broken() {
        return "broken".equals(setupState);
    }

    public boolean isPaused() {
        return paused || "paused".equals(syncState);
    }

    public boolean syncing() {
        return "syncing".equals(syncState);
    }

    public boolean rescheduled() {
        return "rescheduled".equals(syncState);
    }

    /** The end of the connection's latest sync, successful or not; null when it never synced. */
    public Instant lastEnded() {
        if (succeededAt == null) {
            return failedAt;
        }
        return failedAt == null || succeededAt.isAfter(failedAt) ? succeededAt : failedAt;
    }

    /** Whether the latest sync, ended after {@code baseline}, succeeded: its succeeded_at is the newer. */
    public boolean lastSucceeded() {
        return succeededAt != null && (failedAt == null || !failedAt.isAfter(succeededAt));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
