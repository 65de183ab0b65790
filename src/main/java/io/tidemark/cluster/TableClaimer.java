package io.tidemark.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.monitor.CamelStopping;
import io.tidemark.monitor.TableSlots;
import io.tidemark.run.TableContext;
import io.tidemark.run.TableRun;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.SynchronizationVetoable;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the claim table, the steps of the {@code claim-tables} route: every heartbeat it renews the
 * claims of the tables it holds (revoking those another node took over), then claims, per category, as many tables as
 * the category has free slots on this node ({@link TableSlots}: lowered under CPU pressure), and hands each to its
 * category sub-route. A table's outcome is written to its row; an interrupted table is given back to the queue, so
 * that another node resumes it from its checkpoint at once. Closing gives back what is still held.
 */
public final class TableClaimer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableClaimer.class);

    private final TableClaims claims;
    private final TableSlots slots;
    private final String node;
    private final Duration claimTimeout;
    private final Clock clock;
    private final Map<TableClaims.Claim, ClaimedTable> held = new ConcurrentHashMap<>();
    private volatile Instant lastRenewed;
    /** When the control database last answered a renewal or a claim; null until it first did. */
    private volatile Instant lastContact;
    /** Why the last exchange with the control database failed; null while it answers. */
    private volatile String contactFailure;
    private final Counter claimedCount;
    private final Counter takenOverCount;

    /**
     * @param meters where {@code tidemark_cluster_tables_held} and
     *               {@code tidemark_cluster_claims_total{event=claimed|taken_over}} are registered
     */
    public TableClaimer(TableClaims claims, TableSlots slots, String node, Duration claimTimeout, Clock clock,
                        MeterRegistry meters) {
        this.claims = claims;
        this.slots = slots;
        this.node = node;
        this.claimTimeout = claimTimeout;
        this.clock = clock;
        this.lastRenewed = clock.instant();
        Gauge.builder("tidemark.cluster.tables.held", held, Map::size)
                .description("tables this node has claimed and not finished").register(meters);
        claimedCount = Counter.builder("tidemark.cluster.claims").tag("event", "claimed")
                .description("tables this node claimed").register(meters);
        takenOverCount = Counter.builder("tidemark.cluster.claims").tag("event", "taken_over")
                .description("claims of this node another node took over").register(meters);
    }

    /**
     * Renews this node's claims. A claim that is no longer this node's was taken over (this node did not renew it in
     * time): its table stops after its current batch. When the control database cannot be reached for longer than a
     * claim lives, every held table stops: other nodes may have taken them over meanwhile.
     */
    public void renewClaims() {
        Instant now = clock.instant();
        if (held.isEmpty()) {
            lastRenewed = now;
            return;
        }
        try {
            Set<TableClaims.Claim> stillHeld = claims.renew(node, held.keySet());
            lastRenewed = now;
            answered();
            held.forEach((claim, table) -> {
                if (!stillHeld.contains(claim) && table.revoked().isEmpty()) {
                    table.revoke("its claim was taken over by another node (not renewed within "
                            + claimTimeout.toSeconds() + " s)");
                }
            });
        } catch (SQLException e) {
            Duration silent = Duration.between(lastRenewed, now);
            failed("renewing " + held.size() + " claims", e);
            if (silent.compareTo(claimTimeout) >= 0) {
                held.values().forEach(table -> table.revoke("its claim was not renewed for " + silent.toSeconds()
                        + " s (control database unreachable); another node may have taken it over"));
            }
        }
    }

    /**
     * Claims the next tables of each category, as many as the category has free slots here, small tables first. When
     * the control database does not answer, nothing is claimed this time.
     */
    public List<ClaimedTable> claimTables(CamelContext camel) {
        List<ClaimedTable> claimed = new ArrayList<>();
        if (CamelStopping.underway(camel)) {
            return claimed; // a stopping node takes nothing more
        }
        try {
            boolean asked = false;
            for (SizeCategory category : SizeCategory.values()) {
                long running = held.values().stream().filter(t -> t.table().category() == category).count();
                int free = slots.threads(category) - (int) running;
                if (free <= 0) {
                    continue;
                }
                asked = true;
                for (TableClaims.ClaimedRow row : claims.claim(category, node, free)) {
                    ClaimedTable table = new ClaimedTable(row, claims, this::finished);
                    held.put(row.claim(), table);
                    claimed.add(table);
                    claimedCount.increment();
                    LOG.info("Claimed {}", table);
                }
            }
            if (asked) {
                answered();
            }
        } catch (SQLException e) {
            failed("claiming tables", e);
        }
        return claimed;
    }

    private void answered() {
        lastContact = clock.instant();
        if (contactFailure != null) {
            LOG.info("The cluster's control database answers again");
            contactFailure = null;
        }
    }

    /** Logs the first failure of a run of them only: a heartbeat would repeat it every few seconds. */
    private void failed(String what, SQLException e) {
        if (contactFailure == null) {
            LOG.warn("The cluster's control database did not answer ({}): {}; this node claims nothing until it does",
                    what, e.getMessage());
        }
        contactFailure = what + ": " + e.getMessage();
    }

    /** This node's name in the claim table. */
    public String node() {
        return node;
    }

    /** When the control database last answered a renewal or a claim; empty until it first did. */
    public Optional<Instant> lastContact() {
        return Optional.ofNullable(lastContact);
    }

    /** Why the control database's last answer failed; empty while it answers. */
    public Optional<String> contactFailure() {
        return Optional.ofNullable(contactFailure);
    }

    /**
     * Step for each claimed table, before its category's queue: its {@link TableContext}, assigned to the claim; the
     * body becomes the table.
     */
    public SourceTable enqueue(@Body ClaimedTable claimed, Exchange exchange) {
        TableClaims.Claim claim = claimed.claim();
        exchange.setProperty(TableContext.PROPERTY, new TableContext(claim.runId(), claim.position(), claimed.table(),
                claimed.preprocessing(), claimed));
        exchange.getExchangeExtension().addOnCompletion(new HandOffFailure(claimed));
        return claimed.table();
    }

    /**
     * Gives a claim back at once when its table could not be handed to its category's queue (its exchange here failed).
     * It stays with this exchange: the copy the category sub-route takes over reports its own outcome.
     */
    private final class HandOffFailure extends SynchronizationAdapter implements SynchronizationVetoable {
        private final ClaimedTable claimed;

        HandOffFailure(ClaimedTable claimed) {
            this.claimed = claimed;
        }

        @Override
        public boolean allowHandover() {
            return false;
        }

        @Override
        public void onFailure(Exchange failed) {
            TableClaims.Claim claim = claimed.claim();
            TableRun notStarted = new TableRun(claim.runId(), claim.position(), claimed.table(), 0, clock.instant(), node);
            notStarted.finish(TableRun.Status.INTERRUPTED, "not handed to its category's queue: " + failed.getException(),
                    clock.instant());
            claimed.finished(notStarted);
        }
    }

    /** The table's outcome to its row; an interrupted table's row back to the queue. */
    private void finished(ClaimedTable table, TableRun run) {
        held.remove(table.claim());
        boolean interrupted = run.status() == TableRun.Status.INTERRUPTED;
        try {
            boolean stillOurs = interrupted ? claims.release(table.claim()) : claims.finish(table.claim(), run);
            if (!stillOurs) {
                takenOverCount.increment();
                LOG.warn("{} ended here ({}) after another node took over its claim; that node's outcome stands",
                        table, run.status().label());
            }
        } catch (SQLException e) {
            LOG.warn("Recording the outcome of {} on the control database failed: {}; its claim expires and another node"
                    + " runs the table again from its checkpoint", table, e.getMessage());
        }
    }

    /** Tables held now (claimed, not finished), for tests and the log. */
    public int held() {
        return held.size();
    }

    /** Gives back the claims still held (tables that never reported, e.g. still queued when Camel stopped). */
    @Override
    public void close() {
        for (ClaimedTable table : List.copyOf(held.values())) {
            held.remove(table.claim());
            try {
                claims.release(table.claim());
            } catch (SQLException e) {
                LOG.warn("Giving back the claim of {} failed: {}; it expires instead", table, e.getMessage());
            }
        }
    }
}
