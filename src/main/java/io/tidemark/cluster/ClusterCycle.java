package io.tidemark.cluster;

import io.tidemark.discovery.SourceTable;
import io.tidemark.monitor.CamelStopping;
import io.tidemark.run.CycleStart;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.TableRun;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code cluster-cycle} route, on the node that fired a cycle: queue the cycle's tables in the claim
 * table for every node to claim, then wait until all of them are done, wherever they ran, and return their outcomes
 * for the cycle report.
 */
public final class ClusterCycle {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCycle.class);
    private static final long POLL_MILLIS = 500;

    private final TableClaims claims;
    private final String node;
    private final Duration claimTimeout;
    private final Clock clock;

    public ClusterCycle(TableClaims claims, String node, Duration claimTimeout, Clock clock) {
        this.claims = claims;
        this.node = node;
        this.claimTimeout = claimTimeout;
        this.clock = clock;
    }

    /**
     * Queues the tables in processing order, with what preprocessing did to each.
     *
     * @param preprocessed what preprocessing did to each table this cycle, by {@code schema.table}
     */
    public void queueTables(@Body List<SourceTable> tables, @ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle,
                            @ExchangeProperty(Preprocessing.OUTCOMES) Map<String, Preprocessing.Outcome> preprocessed)
            throws SQLException {
        claims.queue(cycle.runId(), node, tables, preprocessed);
        LOG.info("Cycle {}: {} tables queued for the cluster's nodes", cycle.runId(), tables.size());
    }

    /**
     * Waits until no table of the cycle is queued or claimed, and returns every table's outcome. When this node stops
     * meanwhile, the tables not done are reported as left to the other nodes. The control database may be unreachable
     * for as long as a claim lives before the wait fails.
     */
    public List<TableRun> awaitTables(@ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle, CamelContext camel)
            throws SQLException, InterruptedException {
        String runId = cycle.runId();
        Instant lastAnswer = clock.instant();
        while (!CamelStopping.underway(camel)) {
            try {
                if (claims.open(runId) == 0) {
                    break;
                }
                lastAnswer = clock.instant();
            } catch (SQLException e) {
                if (Duration.between(lastAnswer, clock.instant()).compareTo(claimTimeout) >= 0) {
                    throw e;
                }
                LOG.warn("Cycle {}: reading its claims failed, trying again: {}", runId, e.getMessage());
            }
            Thread.sleep(POLL_MILLIS);
        }
        return claims.outcomes(runId, "not finished when " + node + " stopped; the other nodes go on with it");
    }
}
