package io.tidemark.run;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.monitor.TidemarkStoppingException;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code sync-cycle} route around the per-table work: start a cycle (run id), write the
 * catalog datasets and register the discovered tables, follow every table through its category sub-route,
 * and wait for all of them to produce the {@link CycleReport}. Tables are handed to the category queues
 * in order and without waiting, so each category takes its tables smallest first.
 */
public final class SyncCycle {
    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);
    private static final String STARTED_AT = "tidemarkCycleStartedAt";
    private static final long POLL_MILLIS = 200;

    private final RecordSink sink;
    private final Clock clock;
    private final ConcurrentMap<String, CycleProgress> running = new ConcurrentHashMap<>();

    public SyncCycle(RecordSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        Instant now = clock.instant();
        String runId = RunIds.next(now);
        exchange.setProperty(SyncExchange.RUN_ID, runId);
        exchange.setProperty(STARTED_AT, now);
        LOG.info("Sync cycle {} started", runId);
    }

    /**
     * Body: the discovered tables (unchanged). Writes {@code _tidemark.postgres_tables} and {@code _columns}
     * and registers the tables the cycle waits for.
     */
    public void registerTables(Exchange exchange) throws IOException, InvalidPayloadException {
        @SuppressWarnings("unchecked")
        List<SourceTable> tables = exchange.getMessage().getMandatoryBody(List.class);
        String runId = exchange.getProperty(SyncExchange.RUN_ID, String.class);
        Instant now = clock.instant();
        sink.write(TidemarkDatasets.postgresTables(runId, tables, now));
        sink.write(TidemarkDatasets.postgresColumns(runId, tables, now));
        running.put(runId, new CycleProgress(tables.size()));
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
     * First step of a category sub-route. Body: the {@link SourceTable}. Whatever way the table's exchange
     * ends, its outcome reaches the cycle: the {@link TableRun} body, or a failure if none was produced.
     */
    public void trackTable(Exchange exchange) {
        String runId = exchange.getProperty(SyncExchange.RUN_ID, String.class);
        CycleProgress progress = running.get(runId);
        if (progress == null) {
            throw new IllegalStateException("table dispatched for unknown cycle " + runId);
        }
        SourceTable table = exchange.getMessage().getBody(SourceTable.class);
        int position = SyncExchange.tablePosition(exchange);
        progress.started();
        exchange.getExchangeExtension().addOnCompletion(new Synchronization() {
            @Override
            public void onComplete(Exchange done) {
                progress.finished(outcome(done));
            }

            @Override
            public void onFailure(Exchange done) {
                progress.finished(outcome(done));
            }

            private TableRun outcome(Exchange done) {
                TableRun run = done.getMessage().getBody(TableRun.class);
                if (run != null && run.status() != TableRun.Status.RUNNING) {
                    return run;
                }
                TableRun failed = new TableRun(runId, position, table, 0, clock.instant());
                Exception cause = done.getException();
                if (cause instanceof TidemarkStoppingException || SyncExchange.stopping(done)) {
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
     * Waits until every registered table has finished, then returns the {@link CycleReport}. When Tidemark is
     * stopping it waits only for the tables that started; the ones still queued are reported as interrupted.
     */
    public CycleReport finish(Exchange exchange) throws InterruptedException {
        String runId = exchange.getProperty(SyncExchange.RUN_ID, String.class);
        @SuppressWarnings("unchecked")
        List<SourceTable> tables = exchange.getMessage().getBody(List.class);
        CycleProgress progress = running.get(runId);
        try {
            while (!progress.awaitAll(POLL_MILLIS)) {
                if (SyncExchange.stopping(exchange) && progress.noneRunning()) {
                    break;
                }
            }
        } finally {
            running.remove(runId);
        }
        List<TableRun> runs = new ArrayList<>(progress.outcomes());
        Set<String> done = runs.stream().map(r -> r.table().qualifiedName()).collect(Collectors.toSet());
        for (int i = 0; i < tables.size(); i++) {
            if (!done.contains(tables.get(i).qualifiedName())) {
                TableRun notStarted = new TableRun(runId, i + 1, tables.get(i), 0, clock.instant());
                notStarted.finish(TableRun.Status.INTERRUPTED, "Tidemark stopped before the table started", clock.instant());
                runs.add(notStarted);
            }
        }
        runs.sort(Comparator.comparingInt(TableRun::position));
        CycleReport report = new CycleReport(runId, exchange.getProperty(STARTED_AT, Instant.class), clock.instant(), List.copyOf(runs));
        LOG.info("Sync cycle {} finished: {} tables, {} rows, {} failed", report.runId(), runs.size(),
                report.totalRows(), report.failedTables());
        return report;
    }
}
