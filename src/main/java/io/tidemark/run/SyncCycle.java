package io.tidemark.run;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.logging.LogContext;
import io.tidemark.monitor.CamelStopping;
import io.tidemark.monitor.TidemarkStoppingException;
import io.tidemark.observe.TidemarkMeters;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code sync-cycle} route around the per-table work: start a cycle (run id), write the
 * catalog datasets and register the discovered tables, follow every table through its category sub-route,
 * wait for all of them, and make the {@link CycleReport} of their outcomes (on a cluster, the outcomes come from the
 * claim table instead). Tables are handed to the category queues in order and without waiting, so each category
 * takes its tables smallest first.
 */
public final class SyncCycle {
    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);
    private static final long POLL_MILLIS = 200;
    /** Exchange property holding the outcomes ({@link TableRun}s) of the cycle's tables, for {@link #report}. */
    public static final String OUTCOMES = "tidemarkTableRuns";

    private final RecordSink sink;
    private final Clock clock;
    private final TidemarkMeters meters;
    private final ConcurrentMap<String, CycleProgress> running = new ConcurrentHashMap<>();

    public SyncCycle(RecordSink sink, Clock clock, TidemarkMeters meters) {
        this.sink = sink;
        this.clock = clock;
        this.meters = meters;
    }

    /** Starts a cycle; the route keeps it in the {@link CycleStart#PROPERTY} property. */
    public CycleStart begin() {
        Instant now = clock.instant();
        CycleStart cycle = new CycleStart(RunIds.next(now), now);
        LogContext.cycle(cycle.runId());
        LOG.info("Sync cycle {} started", cycle.runId());
        return cycle;
    }

    /**
     * Writes {@code _tidemark.postgres_tables} and {@code _columns} for the discovered tables and registers them
     * as the tables the cycle waits for.
     */
    public void registerTables(@Body List<SourceTable> tables, @ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle)
            throws IOException {
        Instant now = clock.instant();
        sink.write(TidemarkDatasets.postgresTables(cycle.runId(), tables, now));
        sink.write(TidemarkDatasets.postgresColumns(cycle.runId(), tables, now));
        running.put(cycle.runId(), new CycleProgress(tables.size()));
        LOG.info("Discovered {} tables: {}", tables.size(), countByCategory(tables));
    }

    private static String countByCategory(List<SourceTable> tables) {
        List<String> parts = new ArrayList<>();
        for (SizeCategory category : SizeCategory.values()) {
            parts.add(tables.stream().filter(t -> t.category() == category).count() + " " + category.label());
        }
        return String.join(", ", parts);
    }

    /**
     * Step of the sync cycle's split, before a table is handed to its category's queue: gives the table its
     * {@link TableContext} (the {@link TableContext#PROPERTY} property), assigned to this node's running cycle.
     *
     * @param splitIndex   the table's 0-based place in the cycle's processing order
     * @param preprocessed what preprocessing did to each table this cycle, by {@code schema.table}
     */
    public void enqueue(@Body SourceTable table, @ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle,
                        @ExchangeProperty(Exchange.SPLIT_INDEX) int splitIndex,
                        @ExchangeProperty(Preprocessing.OUTCOMES) Map<String, Preprocessing.Outcome> preprocessed,
                        Exchange exchange) {
        CycleProgress progress = running.get(cycle.runId());
        if (progress == null) {
            throw new IllegalStateException("table dispatched for unknown cycle " + cycle.runId());
        }
        exchange.setProperty(TableContext.PROPERTY, new TableContext(cycle.runId(), splitIndex + 1, table,
                preprocessed == null ? null : preprocessed.get(table.qualifiedName()), progress));
    }

    /**
     * First step of a category sub-route: whatever way the table's exchange ends, reports its outcome to the table's
     * {@link TableAssignment}: the {@link TableRun} body, or a failure if none was produced. The exchange is needed
     * for that completion.
     */
    public void trackTable(@ExchangeProperty(TableContext.PROPERTY) TableContext context, Exchange exchange) {
        TableAssignment assignment = context.assignment();
        assignment.started();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                assignment.finished(outcome(done));
            }

            private TableRun outcome(Exchange done) {
                TableRun run = done.getMessage().getBody(TableRun.class);
                if (run != null && run.status() != TableRun.Status.RUNNING) {
                    return run;
                }
                TableRun failed = new TableRun(context.runId(), context.position(), context.table(), 0, clock.instant());
                Exception cause = done.getException();
                if (cause instanceof TidemarkStoppingException || CamelStopping.underway(done.getContext())) {
                    failed.finish(TableRun.Status.INTERRUPTED, "Tidemark stopped before the table started", clock.instant());
                } else {
                    failed.finish(TableRun.Status.FAILED, cause == null ? "ended without an outcome" : String.valueOf(cause.getMessage()),
                            clock.instant());
                }
                return failed;
            }
        });
    }

    /**
     * Waits until every table of the cycle has finished on this node, and returns their outcomes. When Tidemark is
     * stopping it waits only for the tables that started; the ones still queued are left out (see {@link #report}).
     */
    public List<TableRun> awaitTables(@ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle, CamelContext camel)
            throws InterruptedException {
        String runId = cycle.runId();
        CycleProgress progress = running.get(runId);
        try {
            while (!progress.awaitAll(POLL_MILLIS)) {
                if (CamelStopping.underway(camel) && progress.noneRunning()) {
                    break;
                }
            }
        } finally {
            running.remove(runId);
        }
        return progress.outcomes();
    }

    /**
     * The {@link CycleReport} of the cycle's tables, from their outcomes ({@link #OUTCOMES}); a table without one
     * never started and is reported as interrupted.
     */
    public CycleReport report(@Body List<SourceTable> tables, @ExchangeProperty(CycleStart.PROPERTY) CycleStart cycle,
                              @ExchangeProperty(OUTCOMES) List<TableRun> outcomes) {
        String runId = cycle.runId();
        running.remove(runId); // a cluster's cycle never waited here: its outcomes came from the claim table
        List<TableRun> runs = new ArrayList<>(outcomes);
        Set<String> done = runs.stream().map(r -> r.table().qualifiedName()).collect(Collectors.toSet());
        for (int i = 0; i < tables.size(); i++) {
            if (!done.contains(tables.get(i).qualifiedName())) {
                TableRun notStarted = new TableRun(runId, i + 1, tables.get(i), 0, clock.instant());
                notStarted.finish(TableRun.Status.INTERRUPTED, "Tidemark stopped before the table started", clock.instant());
                runs.add(notStarted);
            }
        }
        runs.sort(Comparator.comparingInt(TableRun::position));
        CycleReport report = new CycleReport(runId, cycle.startedAt(), clock.instant(), List.copyOf(runs));
        meters.cycleFinished(new TidemarkMeters.LastCycle(runId, report.finishedAt(), runs.size(), report.failedTables(),
                report.totalRows()), Duration.between(cycle.startedAt(), report.finishedAt()));
        LOG.info("Sync cycle {} finished: {} tables, {} rows, {} failed", report.runId(), runs.size(),
                report.totalRows(), report.failedTables());
        if (runs.stream().anyMatch(run -> run.node() != null)) {
            // a cluster's cycle: the one place that shows every table with the node that ran it
            report.summaryLines().forEach(line -> LOG.info("{}", line));
        }
        LogContext.clear();
        return report;
    }
}
