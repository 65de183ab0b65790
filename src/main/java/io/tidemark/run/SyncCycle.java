package io.tidemark.run;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code sync-cycle} route around the per-table work: start a cycle (run id), write the
 * catalog datasets of what discovery found, and turn the tables' outcomes into the {@link CycleReport}.
 */
public final class SyncCycle {
    private static final Logger LOG = LoggerFactory.getLogger(SyncCycle.class);
    private static final String STARTED_AT = "tidemarkCycleStartedAt";

    private final RecordSink sink;
    private final Clock clock;

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

    /** Body: the discovered tables (unchanged). Writes {@code _tidemark.postgres_tables} and {@code _columns}. */
    public void writeCatalog(Exchange exchange) throws IOException, InvalidPayloadException {
        @SuppressWarnings("unchecked")
        List<SourceTable> tables = exchange.getMessage().getMandatoryBody(List.class);
        String runId = exchange.getProperty(SyncExchange.RUN_ID, String.class);
        Instant now = clock.instant();
        sink.write(TidemarkDatasets.postgresTables(runId, tables, now));
        sink.write(TidemarkDatasets.postgresColumns(runId, tables, now));
        LOG.info("Discovered {} tables: {} small, {} medium, {} large", tables.size(),
                tables.stream().filter(t -> t.category() == SizeCategory.SMALL).count(),
                tables.stream().filter(t -> t.category() == SizeCategory.MEDIUM).count(),
                tables.stream().filter(t -> t.category() == SizeCategory.LARGE).count());
    }

    /** Body: the tables' outcomes, gathered by the split (the discovered list when there was no table). */
    public CycleReport finish(Exchange exchange) {
        List<?> outcomes = exchange.getMessage().getBody(List.class);
        List<TableRun> runs = new ArrayList<>();
        if (outcomes != null) {
            outcomes.stream().filter(TableRun.class::isInstance).map(TableRun.class::cast).forEach(runs::add);
        }
        runs.sort(Comparator.comparingInt(TableRun::position));
        CycleReport report = new CycleReport(exchange.getProperty(SyncExchange.RUN_ID, String.class),
                exchange.getProperty(STARTED_AT, Instant.class), clock.instant(), List.copyOf(runs));
        LOG.info("Sync cycle {} finished: {} tables, {} rows, {} failed", report.runId(), runs.size(),
                report.totalRows(), report.failedTables());
        return report;
    }
}
