package io.tidemark.run;

import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.RowSizes;
import io.tidemark.monitor.ResourceGovernor;
import io.tidemark.rows.RowBatch;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code extract-table} route: begin a table, read its next batch, account a written batch,
 * and finish it as succeeded, interrupted (Tidemark is stopping) or failed. The outcome is recorded in
 * {@code _tidemark.sync_runs} and becomes the exchange body.
 */
public final class TableExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(TableExtraction.class);

    private final SyncPlanner planner;
    private final RecordSink sink;
    private final ResourceGovernor governor;
    private final Clock clock;

    public TableExtraction(SyncPlanner planner, RecordSink sink, ResourceGovernor governor, Clock clock) {
        this.planner = planner;
        this.sink = sink;
        this.governor = governor;
        this.clock = clock;
    }

    /**
     * Body: the {@link SourceTable}. Plans the table's read from its checkpoint and opens the reader (closed
     * when the exchange completes, however it ends).
     */
    public void begin(Exchange exchange) throws IOException, SQLException, InvalidPayloadException {
        SourceTable table = exchange.getMessage().getMandatoryBody(SourceTable.class);
        int position = SyncExchange.tablePosition(exchange);
        TableRun run = new TableRun(exchange.getProperty(SyncExchange.RUN_ID, String.class), position, table,
                governor.threads(table.category()), clock.instant());
        exchange.setProperty(SyncExchange.TABLE_RUN, run);
        @SuppressWarnings("unchecked")
        Map<String, Preprocessing.Outcome> preprocessed = exchange.getProperty(Preprocessing.OUTCOMES, Map.class);
        if (preprocessed != null) {
            run.preprocessed(preprocessed.get(table.qualifiedName()));
        }
        SyncPlan plan = planner.plan(table);
        BatchReader reader = plan.reader();
        run.mode(plan.mode());
        exchange.setProperty(SyncExchange.PLAN, plan);
        exchange.getExchangeExtension().addOnCompletion(new CloseOnCompletion(reader));
        exchange.setProperty(SyncExchange.HAS_MORE, true);
        sink.prepare(table.qualifiedName());
        LOG.info("Extracting {} ({}, ~{} rows, {})", table, table.category().label(), table.estimatedRows(), plan.mode());
    }

    /** Reads the next batch of {@link SyncExchange#BATCH_SIZE} rows into the body as a {@link RowBatch}. */
    public RowBatch nextBatch(Exchange exchange) throws SQLException {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        BatchReader reader = exchange.getProperty(SyncExchange.PLAN, SyncPlan.class).reader();
        int batchSize = exchange.getProperty(SyncExchange.BATCH_SIZE, Integer.class);
        List<Object[]> rows = reader.next(batchSize);
        run.rowsRead(RowSizes.widest(rows));
        return new RowBatch(run.table().qualifiedName(), run.runId(), run.nextSequence(), reader.columns(), rows, clock.instant());
    }

    /** After the sink wrote the batch: account it and decide whether the loop goes on. */
    public void batchWritten(Exchange exchange) {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        BatchReader reader = exchange.getProperty(SyncExchange.PLAN, SyncPlan.class).reader();
        RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
        run.batchWritten(exchange.getProperty(SyncExchange.BATCH_SIZE, Integer.class), batch.size());
        boolean stopping = SyncExchange.stopping(exchange);
        exchange.setProperty(SyncExchange.HAS_MORE, reader.hasMore() && !stopping);
        if (stopping && reader.hasMore()) {
            run.finish(TableRun.Status.INTERRUPTED, "Tidemark stopped before the table was complete", clock.instant());
        }
    }

    /** The loop ended: the table is complete, unless it was interrupted. Body becomes the {@link TableRun}. */
    public TableRun finish(Exchange exchange) throws IOException {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        if (run.status() == TableRun.Status.RUNNING) {
            run.finish(TableRun.Status.SUCCESS, null, clock.instant());
        }
        LOG.info("{} {}: {} rows in {} batches, {} s", run.table(), run.status().label(),
                run.rows(), run.batches(), String.format(Locale.ROOT, "%.2f", run.elapsed().toMillis() / 1000.0));
        sink.write(TidemarkDatasets.syncRun(run));
        return run;
    }

    /** The table failed after any retries. Body becomes the {@link TableRun}, recorded with its error. */
    public TableRun fail(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        String error = cause == null ? "unknown error" : describe(cause);
        if (run == null) {
            // failed before the run began (e.g. the sink folder could not be created)
            SourceTable table = exchange.getMessage().getBody(SourceTable.class);
            run = new TableRun(exchange.getProperty(SyncExchange.RUN_ID, String.class),
                    SyncExchange.tablePosition(exchange), table,
                    governor.threads(table.category()), clock.instant());
        }
        run.finish(TableRun.Status.FAILED, error, clock.instant());
        LOG.error("{} failed after {} rows: {}", run.table(), run.rows(), error);
        sink.write(TidemarkDatasets.syncRun(run));
        return run;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    private record CloseOnCompletion(BatchReader reader) implements org.apache.camel.spi.Synchronization {
        @Override
        public void onComplete(Exchange exchange) {
            reader.close();
        }

        @Override
        public void onFailure(Exchange exchange) {
            reader.close();
        }
    }
}
