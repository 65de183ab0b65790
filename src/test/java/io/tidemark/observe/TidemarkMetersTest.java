package io.tidemark.observe;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.status;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.testing.Tidemark;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;

/** The meters' own logic: cursor text to lag, calls by answer, the last cycle's health; and the Fivetran API check. */
class TidemarkMetersTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TidemarkMeters meters = new TidemarkMeters(registry, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("Europe/Berlin"));

    private double lag(String table) {
        return registry.get("tidemark.table.lag.seconds").tag("table", table).gauge().value();
    }

    @Test
    void lagFollowsTheCursorTextOfEachTimestampType() {
        meters.cursorAt("a.utc", "timestamp with time zone", "2026-11-29 11:59:00+00");
        meters.cursorAt("a.india", "timestamp(3) with time zone", "2026-11-29 17:28:30.125+05:30");
        meters.cursorAt("a.chile", "timestamp with time zone", "2026-11-29 08:59:59.5-03");
        // wall-clock values of tidemark.sync.timestamp-time-zone (Berlin is UTC+1 in November)
        meters.cursorAt("a.local", "timestamp without time zone", "2026-11-29 12:30:00");
        meters.cursorAt("a.day", "date", "2026-11-28");

        assertThat(lag("a.utc")).isEqualTo(60.0);
        assertThat(lag("a.india")).isEqualTo(89.875);
        assertThat(lag("a.chile")).isEqualTo(0.5);
        assertThat(lag("a.local")).isEqualTo(1800.0);
        assertThat(lag("a.day")).as("midnight in Berlin is 23:00 UTC the day before").isEqualTo(37 * 3600.0);
    }

    @Test
    void cursorsThatAreNotTimesHaveNoLag() {
        meters.cursorAt("a.sequence", "bigint", "12345");
        meters.cursorAt("a.never", "timestamp with time zone", "infinity");
        meters.cursorAt("a.none", "timestamp with time zone", null);

        assertThat(registry.find("tidemark.table.lag.seconds").gauges()).isEmpty();
    }

    @Test
    void fivetranCallsAreCountedByAnswer() {
        meters.fivetranCall("sync", 200);
        meters.fivetranCall("sync", 429);
        meters.fivetranCall("sync", 429);
        meters.fivetranCall("status", 0);

        assertThat(registry.get("tidemark.fivetran.calls").tag("call", "sync").tag("status", "429").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("tidemark.fivetran.calls").tag("call", "sync").tag("status", "200").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("tidemark.fivetran.calls").tag("status", "none").counter().count()).isEqualTo(1.0);
    }

    @Test
    void theLastCycleIsDownWhileATableFailedInIt() {
        LastCycleHealthCheck check = new LastCycleHealthCheck(meters);
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);

        meters.cycleFinished(new TidemarkMeters.LastCycle("run-1", NOW, 5, 2, 100), java.time.Duration.ofSeconds(3));
        HealthCheck.Result failed = check.call();
        assertThat(failed.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(failed.getMessage()).hasValue("2 of 5 tables failed in cycle run-1");

        meters.cycleFinished(new TidemarkMeters.LastCycle("run-2", NOW, 5, 0, 100), java.time.Duration.ofSeconds(3));
        assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(registry.get("tidemark.cycle.failed.tables").counter().count()).isEqualTo(2.0);
    }

    @Test
    void theFivetranApiIsUpWhenItAnswersAtAllAndDownWhenNothingListens() {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        try {
            api.stubFor(get("/").willReturn(status(401)));
            HealthCheck.Result up = new FivetranApiHealthCheck(URI.create("http://127.0.0.1:" + api.port() + "/")).call();
            assertThat(up.getState()).isEqualTo(HealthCheck.State.UP);
            assertThat(up.getDetails()).containsEntry("status", 401);
        } finally {
            api.stop();
        }
        HealthCheck.Result down = new FivetranApiHealthCheck(URI.create("http://127.0.0.1:" + Tidemark.freePort() + "/")).call();
        assertThat(down.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(down.getMessage()).hasValueSatisfying(message -> assertThat(message).startsWith("Fivetran API unreachable: "));
    }
}
