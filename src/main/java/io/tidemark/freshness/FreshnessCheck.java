package io.tidemark.freshness;

import io.tidemark.extract.RawJson;
import io.tidemark.extract.RowBatch;
import io.tidemark.run.RunIds;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The freshness route's work: run the freshness query, count the rows whose status column equals the stale
 * value, decide, and record every query row in {@code _tidemark.data_freshness_monitor} (with the check time and
 * decision) and the decision in {@code _tidemark.sync_events} (one record per configured connection). This
 * version decides and records only (a dry run): calling Fivetran is not built yet.
 */
public final class FreshnessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessCheck.class);
    public static final String MONITOR_DATASET = "_tidemark.data_freshness_monitor";
    public static final String EVENTS_DATASET = "_tidemark.sync_events";
    private static final int BATCH = 5_000;
    private static final List<String> EVENT_COLUMNS = List.of("event_timestamp", "check_id", "connection_id",
            "sync_needed", "sync_triggered", "trigger_reason", "stale_records_count", "total_records_count", "stale_percentage",
            "api_status", "api_response", "success", "dry_run");

    private final FreshnessQuery query;
    private final String staleValue;
    private final double thresholdPercent;
    private final List<String> connectionIds;
    private final RecordSink sink;
    private final Clock clock;
    private final String skipped;

    /** @param skipped why the check does not run on this source (see {@link FreshnessQuery#check}); null when it runs */
    public FreshnessCheck(FreshnessQuery query, String staleValue, double thresholdPercent, List<String> connectionIds,
                          RecordSink sink, Clock clock, String skipped) {
        this.query = query;
        this.staleValue = staleValue;
        this.thresholdPercent = thresholdPercent;
        this.connectionIds = connectionIds;
        this.sink = sink;
        this.clock = clock;
        this.skipped = skipped;
    }

    public FreshnessReport run() throws SQLException, IOException {
        if (skipped != null) {
            FreshnessReport report = FreshnessReport.skipped(skipped);
            LOG.info("{}", report.summaryLine());
            return report;
        }
        Instant checkedAt = clock.instant();
        String checkId = RunIds.next(checkedAt);
        String checkTime = DateTimeFormatter.ISO_INSTANT.format(checkedAt);
        FreshnessQuery.Result result = query.run();
        long stale = result.rows().stream().filter(row -> Objects.equals(row[result.statusIndex()], staleValue)).count();
        FreshnessDecision decision = FreshnessDecision.of(stale, result.rows().size(), thresholdPercent);
        writeMonitorRows(checkId, checkTime, result, decision, checkedAt);
        writeEvents(checkId, checkTime, decision, checkedAt);
        FreshnessReport report = new FreshnessReport(checkId, decision, true, null);
        if (decision.syncNeeded()) {
            LOG.warn("{}", report.summaryLine());
        } else {
            LOG.info("{}", report.summaryLine());
        }
        return report;
    }

    private void writeMonitorRows(String checkId, String checkTime, FreshnessQuery.Result result, FreshnessDecision decision,
                                  Instant at) throws IOException {
        List<String> columns = new ArrayList<>(result.columns());
        columns.addAll(List.of("check_timestamp", "check_id", "sync_needed", "decision_reason"));
        List<Object[]> rows = result.rows();
        for (int from = 0, sequence = 1; from < rows.size(); from += BATCH, sequence++) {
            List<Object[]> batch = new ArrayList<>();
            for (Object[] row : rows.subList(from, Math.min(rows.size(), from + BATCH))) {
                Object[] record = Arrays.copyOf(row, row.length + 4);
                record[row.length] = checkTime;
                record[row.length + 1] = checkId;
                record[row.length + 2] = decision.syncNeeded();
                record[row.length + 3] = decision.reason();
                batch.add(record);
            }
            sink.write(new RowBatch(MONITOR_DATASET, checkId, sequence, columns, batch, at));
        }
    }

    private void writeEvents(String checkId, String checkTime, FreshnessDecision decision, Instant at) throws IOException {
        List<String> connections = connectionIds.isEmpty() ? Collections.singletonList(null) : connectionIds;
        List<Object[]> events = new ArrayList<>();
        for (String connection : connections) {
            // a dry run triggers nothing: sync_needed holds the decision, sync_triggered what was done
            events.add(new Object[] {checkTime, checkId, connection, decision.syncNeeded(), false, decision.reason(),
                decision.staleRows(), decision.totalRows(),
                decision.stalePercentage() == null ? null
                        : new RawJson(String.format(Locale.ROOT, "%.2f", decision.stalePercentage())),
                null, null, true, true});
        }
        sink.write(new RowBatch(EVENTS_DATASET, checkId, 1, EVENT_COLUMNS, events, at));
    }
}
