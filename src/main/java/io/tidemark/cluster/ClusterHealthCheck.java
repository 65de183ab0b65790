package io.tidemark.cluster;

import io.tidemark.observe.TidemarkHealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * A cluster node's part in the cluster ({@code tidemark-cluster}): UP while the control database answers its
 * heartbeats; DOWN when it failed to answer the first, or has not answered for three heartbeat intervals, with why. Read from what the heartbeats recorded: the
 * check itself does not touch the database.
 */
public final class ClusterHealthCheck extends TidemarkHealthCheck {
    private final TableClaimer claimer;
    private final Duration heartbeatInterval;
    private final Clock clock;

    public ClusterHealthCheck(TableClaimer claimer, Duration heartbeatInterval, Clock clock) {
        super("tidemark-cluster");
        this.claimer = claimer;
        this.heartbeatInterval = heartbeatInterval;
        this.clock = clock;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("node", claimer.node()).detail("tables_held", claimer.held());
        Optional<Instant> lastContact = claimer.lastContact();
        String why = claimer.contactFailure().map(failure -> " (" + failure + ")").orElse("");
        if (lastContact.isEmpty()) {
            if (why.isEmpty()) {
                builder.message("no heartbeat yet").up();
            } else {
                builder.message("the control database has not answered a heartbeat yet" + why).down();
            }
            return;
        }
        builder.detail("last_heartbeat", lastContact.get().toString());
        Duration silent = Duration.between(lastContact.get(), clock.instant());
        if (silent.compareTo(heartbeatInterval.multipliedBy(3)) <= 0) {
            builder.up();
            return;
        }
        builder.message("no heartbeat answered by the control database for " + silent.toSeconds() + " s" + why).down();
    }
}
