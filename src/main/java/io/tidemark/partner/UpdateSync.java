package io.tidemark.partner;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.CursorDetector;
import io.tidemark.monitor.BatchSizing;
import io.tidemark.monitor.ProcessingPolicy;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.monitor.ResourcePolicy;
import io.tidemark.monitor.TableSlots;
import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.UpdateRequest;
import io.tidemark.run.DaemonThreads;
import io.tidemark.run.RetryPolicy;
import io.tidemark.run.RunIds;
import io.tidemark.run.SyncPlan;
import io.tidemark.run.SyncPlanner;
import io.tidemark.source.ReadTransactions;
import io.tidemark.state.TableState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Update}: the selected tables read as a sync cycle reads them, into the response stream. Each table is
 * planned from the request's state ({@link ConnectorState}) by the same planner as a cycle: a first sync or a new
 * full-refresh pass starts with {@code TRUNCATE} and reads the table in key order (keyless tables by pages), a
 * later one continues from the cursor and key, an interrupted snapshot from its last key. Batch sizes come from the
 * resource monitor and tables of each size category are read at once up to its concurrency, small ones first.
 * After every page, its records and then a checkpoint of every table's state. A transient database failure is
 * retried from the failed page with Tidemark's backoff; anything else ends the stream with a status that says what
 * failed, the other tables stopping at their next page.
 */
final class UpdateSync {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateSync.class);

    private final ConnectorConfiguration configuration;
    private final ResourceMonitor resources;
    private final Supplier<CamelContext> camel;
    private final Clock clock;

    UpdateSync(ConnectorConfiguration configuration, ResourceMonitor resources, Supplier<CamelContext> camel, Clock clock) {
        this.configuration = configuration;
        this.resources = resources;
        this.camel = camel;
        this.clock = clock;
    }

    /** Runs the request to its end: the stream is completed, or failed with a status. */
    void run(UpdateRequest request, UpdateStream stream) {
        try {
            sync(request, stream);
            stream.complete();
        } catch (Exception failure) {
            StatusRuntimeException status = ConnectorFailures.status(failure, null);
            if (status.getStatus().getCode() != Status.Code.CANCELLED) {
                LOG.error("Update failed: {}", status.getStatus().getDescription());
            }
            stream.fail(status);
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sync(UpdateRequest request, UpdateStream stream) throws Exception {
        TidemarkConfig config = configuration.resolve(request.getConfigurationMap());
        ConnectorState state = ConnectorState.parse(request.hasStateJson() ? request.getStateJson() : "");
        ProcessingPolicy policy = new ProcessingPolicy(config.sync());
        int threads = policy.totalThreads();
        ExecutorService tables = Executors.newFixedThreadPool(threads, DaemonThreads.named("tidemark-update-table"));
        ExecutorService readAhead = Executors.newCachedThreadPool(DaemonThreads.named("tidemark-update-read-ahead"));
        try (ConnectorSource source = ConnectorSource.open(config, threads + 1)) {
            List<SourceTable> selected = SelectedTables.of(source.discovery().discover(),
                    request.hasSelection() ? Optional.of(request.getSelection()) : Optional.empty());
            String runId = RunIds.next(clock.instant());
            LOG.info("Update {}: {} tables, {}", runId, selected.size(),
                    state.initial() ? "initial sync" : "continuing from the state");
            Run run = new Run(runId, config, source, state, stream, readAhead, policy);
            List<Future<?>> reads = new ArrayList<>();
            for (SourceTable table : selected) {
                reads.add(tables.submit(() -> run.table(table)));
            }
            for (Future<?> read : reads) {
                try {
                    read.get();
                } catch (ExecutionException e) {
                    run.failed(e.getCause(), null);
                }
            }
            if (run.failure.get() != null) {
                throw run.failure.get();
            }
            if (selected.isEmpty()) {
                // nothing to read: the state goes back as it came, so Fivetran keeps it
                stream.page(List.of(), state::json);
            }
            LOG.info("Update {} complete", runId);
        } finally {
            tables.shutdownNow();
            readAhead.shutdownNow();
        }
    }

    /** One request's reads: shared by its tables' threads. */
    private final class Run {
        private final String runId;
        private final ConnectorState state;
        private final UpdateStream stream;
        private final SyncPlanner planner;
        private final TableSlots slots;
        private final BatchSizing sizing;
        private final RetryPolicy retries;
        private final RedeliveryPolicy backoff;
        private final AtomicReference<StatusRuntimeException> failure = new AtomicReference<>();

        Run(String runId, TidemarkConfig config, ConnectorSource source, ConnectorState state, UpdateStream stream,
            ExecutorService readAhead, ProcessingPolicy policy) {
            this.runId = runId;
            this.state = state;
            this.stream = stream;
            TidemarkConfig.Sync sync = config.sync();
            this.planner = SyncPlanner.configured(source.pool(), state, new CursorDetector(sync.cursorColumns()), sync, readAhead);
            ResourcePolicy resourcePolicy = ResourcePolicy.of(policy, config.monitor(), resources);
            this.slots = resourcePolicy.slots();
            this.sizing = resourcePolicy.sizing();
            this.retries = new RetryPolicy(sync.maxRetries());
            // the back-off of routes/extract.yaml's redelivery policy: from retry-delay, doubling, up to max-retry-delay
            this.backoff = new RedeliveryPolicy();
            backoff.setRedeliveryDelay(sync.retryDelay().toMillis());
            backoff.setMaximumRedeliveryDelay(sync.maxRetryDelay().toMillis());
            backoff.setUseExponentialBackOff(true);
            backoff.setBackOffMultiplier(2);
        }

        /** Records the first failure; the other tables stop at their next page. */
        void failed(Throwable cause, SourceTable table) {
            StatusRuntimeException status = ConnectorFailures.status(cause, table == null ? null : table.qualifiedName());
            if (failure.compareAndSet(null, status) && status.getStatus().getCode() != Status.Code.CANCELLED) {
                LOG.warn("{}", status.getStatus().getDescription());
            }
        }

        private boolean stopping() {
            return failure.get() != null || stream.cancelled();
        }

        void table(SourceTable table) {
            if (stopping()) {
                return;
            }
            try {
                TableSlots.Slot slot = slots.acquire(table, camel.get());
                try {
                    if (!stopping()) { // the Update may have ended while the table waited for its slot
                        read(table);
                    }
                } finally {
                    slot.release();
                }
            } catch (Throwable e) {
                failed(e, table);
            }
        }

        private void read(SourceTable table) throws Exception {
            SyncPlan plan = planner.plan(table);
            try (BatchReader reader = plan.reader()) {
                TableRecords records = new TableRecords(table, reader.columns());
                LOG.info("Extracting {} ({}, ~{} rows, {})", table, table.category().label(), table.estimatedRows(),
                        plan.mode().label());
                if (plan.freshPass()) {
                    stream.record(records.truncate());
                }
                StreamedTable streamed = new StreamedTable(table);
                long rows = 0;
                while (!stopping()) {
                    sizing.beforeBatch(streamed, camel.get());
                    List<Object[]> page = next(reader, streamed.batchSize(), table);
                    streamed.read(page);
                    List<Record> upserts = records.upserts(page);
                    for (String warning : records.newWarnings()) {
                        LOG.warn(warning);
                        stream.warning(warning);
                    }
                    boolean done = !reader.hasMore();
                    rows += page.size();
                    long sent = rows;
                    stream.page(upserts, () -> checkpoint(plan, done, sent, table));
                    if (done) {
                        LOG.info("{} done: {} rows", table, rows);
                        return;
                    }
                }
            }
        }

        /**
         * The state after the page just sent, of every table (called once the page's records went out); the table's own
         * records the rows this Update sent of it and its category, as a cycle's checkpoint does.
         */
        private String checkpoint(SyncPlan plan, boolean done, long rowsSent, SourceTable table) {
            TableState position = done ? plan.completed(runId, clock.instant()) : plan.checkpoint(runId, clock.instant());
            if (position != null) {
                state.save(position.withRun(rowsSent, table.category().label()));
            }
            return state.json();
        }

        /** The next page, retrying a transient failure from that page with Tidemark's backoff. */
        private List<Object[]> next(BatchReader reader, int size, SourceTable table) throws Exception {
            long delay = 0;
            for (int retry = 1; ; retry++) {
                try {
                    return reader.next(size);
                } catch (Exception e) {
                    if (stopping() || !retries.shouldRetryRead(e, retry, reader)) {
                        throw e;
                    }
                    delay = backoff.calculateRedeliveryDelay(delay, retry);
                    LOG.warn("{}: {}; retry {} from the same page in {} ms", table, ReadTransactions.firstLine(e), retry, delay);
                    Thread.sleep(delay);
                }
            }
        }
    }
}
