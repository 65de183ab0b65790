package io.tidemark.run;

import io.tidemark.discovery.SourceTable;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.discovery.TablePresence;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.ColumnsChangedException;
import io.tidemark.extract.RowSizes;
import io.tidemark.logging.LogContext;
import io.tidemark.monitor.CamelStopping;
import io.tidemark.monitor.TableSlots;
import io.tidemark.observe.TidemarkMeters;
import io.tidemark.rows.RowBatch;
import io.tidemark.sink.RecordSink;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code extract-table} route: begin a table, read its next batch, account a written batch,
 * and finish it as succeeded, interrupted (Tidemark is stopping) or failed. The outcome is recorded in
 * {@code _tidemark.sync_runs} and becomes the exchange body. The table's state is its {@link TableContext}.
 */
public final class TableExtraction {
    private static final Logger LOG = LoggerFactory.getLogger(TableExtraction.class);

    private final SyncPlanner planner;
    private final TableDiscovery discovery;
    private final RecordSink sink;
    private final TableSlots slots;
    private final TablePresence presence;
    private final Clock clock;
    private final TableProgress progress;
    private final TidemarkMeters meters;
    private final String node;

    /** @param node the cluster node's name, recorded with each table's run; null when Tidemark is not clustered */
    public TableExtraction(SyncPlanner planner, TableDiscovery discovery, RecordSink sink, TableSlots slots,
                           TablePresence presence, Clock clock, TidemarkMeters meters, String node) {
        this.planner = planner;
        this.discovery = discovery;
        this.sink = sink;
        this.slots = slots;
        this.presence = presence;
        this.clock = clock;
        this.progress = new TableProgress(clock);
        this.meters = meters;
        this.node = node;
    }

    /**
     * Plans the table's read from its checkpoint and opens the reader, closed when the exchange completes,
     * however it ends (the only use of the exchange).
     */
    public void begin(@ExchangeProperty(TableContext.PROPERTY) TableContext context, Exchange exchange)
            throws IOException, SQLException {
        SourceTable table = context.table();
        LogContext.table(context.runId(), table.qualifiedName());
        TableRun run = newRun(context);
        context.begin(run);
        run.preprocessed(context.preprocessing());
        SyncPlan plan = planner.plan(table);
        run.mode(plan.mode());
        context.readBy(plan);
        exchange.getExchangeExtension().addOnCompletion(new CloseOnCompletion(plan.reader()));
        // the table as read: a filter may select only some of its columns
        sink.prepare(table.withColumns(plan.reader().columns()));
        LOG.info("Extracting {} ({}, ~{} rows, {})", table, table.category().label(), table.estimatedRows(), plan.mode().label());
    }

    private TableRun newRun(TableContext context) {
        return new TableRun(context.runId(), context.position(), context.table(), slots.threads(context.table().category()),
                clock.instant(), node);
    }

    /**
     * Reads the next batch of the context's batch size. When the table's columns were added or dropped since its
     * read began, the table is discovered again and read on from its checkpoint with its columns as they are now
     * (once per batch: a second change fails the table like any error, for the retry policy to judge).
     */
    public RowBatch nextBatch(@ExchangeProperty(TableContext.PROPERTY) TableContext context, Exchange exchange)
            throws SQLException, IOException {
        TableRun run = context.run();
        List<Object[]> rows;
        try {
            rows = context.plan().reader().next(context.batchSize());
        } catch (ColumnsChangedException changed) {
            readOnWithColumnsNow(context, exchange, changed);
            rows = context.plan().reader().next(context.batchSize());
        }
        BatchReader reader = context.plan().reader();
        run.rowsRead(RowSizes.widest(rows));
        return new RowBatch(run.table().qualifiedName(), run.runId(), run.nextSequence(), reader.columns(), rows, clock.instant());
    }

    /**
     * Plans the table again as it is now, from its checkpoint: the batches written so far stand, the next one is read
     * with the current columns (and the sink prepares for them: the jdbc sink adds a column to its table).
     */
    private void readOnWithColumnsNow(TableContext context, Exchange exchange, ColumnsChangedException changed)
            throws SQLException, IOException {
        SourceTable now = discovery.rediscover(context.table()).orElseThrow(() -> changed);
        List<String> columnsBefore = context.plan().reader().columns();
        context.plan().reader().close();
        SyncPlan plan = planner.plan(now);
        context.readBy(plan);
        exchange.getExchangeExtension().addOnCompletion(new CloseOnCompletion(plan.reader()));
        List<String> columnsNow = plan.reader().columns();
        sink.prepare(now.withColumns(columnsNow));
        List<String> added = columnsNow.stream().filter(name -> !columnsBefore.contains(name)).toList();
        List<String> dropped = columnsBefore.stream().filter(name -> !columnsNow.contains(name)).toList();
        LOG.warn("{}: columns changed while it was read{}{}; reading on from its checkpoint with the columns it has now",
                now, added.isEmpty() ? "" : " (added " + String.join(", ", added) + ")",
                dropped.isEmpty() ? "" : " (dropped " + String.join(", ", dropped) + ")");
    }

    /** After the sink wrote the batch: account it and decide whether the loop goes on. */
    public void batchWritten(@Body RowBatch batch, @ExchangeProperty(TableContext.PROPERTY) TableContext context,
                             CamelContext camel) {
        TableRun run = context.run();
        BatchReader reader = context.plan().reader();
        run.batchWritten(context.batchSize(), batch.size());
        meters.batchWritten(run.table().qualifiedName(), run.table().category().label(), batch.size(), context.batchSize());
        if (context.plan().mode() == ReadMode.INCREMENTAL && !batch.rows().isEmpty()) {
            TableState position = context.plan().checkpoint(run.runId(), clock.instant());
            meters.cursorAt(run.table().qualifiedName(), position.cursorType(), position.cursorValue());
        }
        progress.afterBatch(context);
        boolean stopping = CamelStopping.underway(camel);
        Optional<String> revoked = context.assignment().revoked();
        if (!reader.hasMore() || stopping || revoked.isPresent()) {
            context.lastBatchRead();
        }
        if (stopping && reader.hasMore()) {
            run.finish(TableRun.Status.INTERRUPTED, "Tidemark stopped before the table was complete", clock.instant());
        } else if (revoked.isPresent() && reader.hasMore()) {
            LOG.warn("{}: stopped after {} rows: {}", run.table(), run.rows(), revoked.get());
            run.finish(TableRun.Status.INTERRUPTED, revoked.get(), clock.instant());
        }
    }

    /** The loop ended: the table is complete, unless it was interrupted. Returns the {@link TableRun}, recorded. */
    public TableRun finish(@ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        TableRun run = context.run();
        if (run.status() == TableRun.Status.RUNNING) {
            run.finish(TableRun.Status.SUCCESS, null, clock.instant());
        }
        meters.tableFinished(run.table().qualifiedName(), run.status().label());
        LOG.info(LogContext.TABLE_DONE, "{} {}: {} rows in {} batches, {} s", run.table(), run.status().label(),
                run.rows(), run.batches(), String.format(Locale.ROOT, "%.2f", run.elapsed().toMillis() / 1000.0));
        try {
            sink.write(TidemarkDatasets.syncRun(run));
        } finally {
            LogContext.clear();
        }
        return run;
    }

    /**
     * The table failed after any retries. Returns the {@link TableRun}, recorded with its error; as gone, with why,
     * when the table was dropped or renamed since discovery.
     */
    public TableRun fail(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause,
                         @ExchangeProperty(TableContext.PROPERTY) TableContext context)
            throws IOException {
        // null when it failed before the run began (e.g. the sink folder could not be created)
        TableRun run = context.run() == null ? newRun(context) : context.run();
        Optional<String> gone = TablePresence.missingTable(cause) ? presence.whyGone(run.table()) : Optional.empty();
        Optional<String> revoked = context.assignment().revoked();
        if (revoked.isPresent()) {
            // a checkpoint refused: another node holds the table now and goes on from its checkpoint
            run.finish(TableRun.Status.INTERRUPTED, revoked.get(), clock.instant());
            LOG.warn(LogContext.TABLE_DONE, "{} stopped after {} rows: {} ({})", run.table(), run.rows(), revoked.get(),
                    cause == null ? "no error" : describe(cause));
        } else if (gone.isPresent()) {
            run.finish(TableRun.Status.GONE, gone.get(), clock.instant());
            LOG.warn(LogContext.TABLE_DONE, "{} is gone after {} rows: {}", run.table(), run.rows(), gone.get());
        } else {
            String error = cause == null ? "unknown error" : describe(cause);
            run.finish(TableRun.Status.FAILED, error, clock.instant());
            LOG.error(LogContext.TABLE_DONE, "{} failed after {} rows: {}", run.table(), run.rows(), error);
        }
        meters.tableFinished(run.table().qualifiedName(), run.status().label());
        try {
            sink.write(TidemarkDatasets.syncRun(run));
        } finally {
            LogContext.clear();
        }
        return run;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }

    private static final class CloseOnCompletion extends SynchronizationAdapter {
        private final BatchReader reader;

        CloseOnCompletion(BatchReader reader) {
            this.reader = reader;
        }

        @Override
        public void onDone(Exchange exchange) {
            reader.close();
        }
    }
}
