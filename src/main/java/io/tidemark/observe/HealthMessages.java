package io.tidemark.observe;

/** The one line a health check reports of a failure. */
final class HealthMessages {
    private HealthMessages() {
    }

    static String firstLine(Throwable failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
