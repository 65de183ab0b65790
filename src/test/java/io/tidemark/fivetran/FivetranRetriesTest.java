package io.tidemark.fivetran;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** How long a 429 asks Tidemark to wait: seconds or an HTTP date, a default when it names none. */
class FivetranRetriesTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final FivetranRetries retries = new FivetranRetries(4, Duration.ofMinutes(2), Clock.fixed(NOW, ZoneOffset.UTC));

    private static HttpOperationFailedException tooMany(Map<String, String> headers) {
        return new HttpOperationFailedException("http://127.0.0.1/v1/connections/a", 429, "Too Many Requests", null, headers,
                "{\"code\":\"TooManyRequests\"}");
    }

    @Test
    void retryAfterInSeconds() {
        assertThat(retries.retryAfter(tooMany(Map.of("Retry-After", "7")))).isEqualTo(Duration.ofSeconds(7));
        assertThat(retries.retryAfter(tooMany(Map.of("retry-after", " 0 ")))).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAsAnHttpDate() {
        assertThat(retries.retryAfter(tooMany(Map.of("Retry-After", "Sat, 21 Nov 2026 10:00:30 GMT"))))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(retries.retryAfter(tooMany(Map.of("Retry-After", "Sat, 21 Nov 2026 09:00:00 GMT"))))
                .as("a date in the past: now").isEqualTo(Duration.ZERO);
    }

    @Test
    void noOrAnUnreadableRetryAfterWaitsTheDefault() {
        assertThat(retries.retryAfter(tooMany(Map.of()))).isEqualTo(FivetranRetries.DEFAULT_RETRY_AFTER);
        assertThat(retries.retryAfter(tooMany(null))).isEqualTo(FivetranRetries.DEFAULT_RETRY_AFTER);
        assertThat(retries.retryAfter(tooMany(Map.of("Retry-After", "soon")))).isEqualTo(FivetranRetries.DEFAULT_RETRY_AFTER);
    }
}
