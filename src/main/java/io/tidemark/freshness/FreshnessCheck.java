package io.tidemark.freshness;

import io.tidemark.fivetran.TriggerOutcome;
import io.tidemark.rows.DatasetNames;
import io.tidemark.observe.TidemarkMeters;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import io.tidemark.run.RunIds;
import io.tidemark.sink.RecordSink;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The freshness route's own steps. {@link #decide} judges the source with the configured rule, records every
 * judged row in {@code _tidemark.data_freshness_monitor} (with the check time and decision) and returns the
 * {@link PendingCheck} with a trigger request per connection; after the route has acted on them, {@link #record}
 * writes one {@code _tidemark.sync_events} record per outcome and returns the check's report.
 */
public final class FreshnessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessCheck.class);
    private static final String MONITOR_DATASET = DatasetNames.DATA_FRESHNESS_MONITOR;
    private static final String EVENTS_DATASET = DatasetNames.SYNC_EVENTS;
    /** The exchange property holding the {@link PendingCheck} between the route's two steps. */
    public static final String CHECK = "tidemarkFreshnessCheck";
    private static final int BATCH = 5_000;
    private static final List<String> EVENT_COLUMNS = List.of("event_timestamp", "check_id", "connection_id",
            "sync_needed", "sync_triggered", "trigger_reason", "stale_records_count", "total_records_count", "stale_percentage",
            "api_status", "api_response", "success", "dry_run", "outcome", "outcome_detail", "api_calls", "baseline_at",
            "completed_at", "rescheduled_for");

    private final FreshnessRule rule;
    private final RecordSink sink;
    private final Clock clock;
    private final String skipped;
    private final TidemarkMeters meters;

    /** @param skipped why the check does not run on this source (see {@link FreshnessQuery#check}); null when it runs */
    public FreshnessCheck(FreshnessRule rule, RecordSink sink, Clock clock, String skipped, TidemarkMeters meters) {
        this.rule = rule;
        this.sink = sink;
        this.clock = clock;
        this.skipped = skipped;
        this.meters = meters;
    }

    /** Judges the source and records the judged rows; the check, with a trigger request per connection and group. */
    public PendingCheck decide() throws SQLException, IOException {
        if (skipped != null) {
            return PendingCheck.skipped(skipped);
        }
        Instant checkedAt = clock.instant();
        String checkId = RunIds.next(checkedAt);
        FreshnessRule.Evaluation evaluation = rule.evaluate();
        writeMonitorRows(checkId, checkedAt, evaluation);
        return PendingCheck.judged(checkId, checkedAt, evaluation.groups());
    }

    /** Records what came of each request and reports the check. */
    public FreshnessReport record(@Body List<TriggerOutcome> outcomes, @ExchangeProperty(CHECK) PendingCheck check)
            throws IOException {
        if (check.skipped() != null) {
            meters.freshnessDecision("skipped");
            FreshnessReport report = FreshnessReport.skipped(check.skipped());
            report.summaryLines().forEach(line -> LOG.info("{}", line));
            return report;
        }
        List<GroupOutcomes> byGroup = check.outcomesByGroup(outcomes);
        byGroup.forEach(group -> meters.freshnessDecision(group.group().decision().syncNeeded() ? "sync-needed" : "fresh"));
        writeEvents(check, byGroup);
        FreshnessReport report = new FreshnessReport(check.checkId(), byGroup, null);
        for (String line : report.summaryLines()) {
            if (report.failed() || report.syncNeeded()) {
                LOG.warn("{}", line);
            } else {
                LOG.info("{}", line);
            }
        }
        return report;
    }

    private void writeMonitorRows(String checkId, Instant at, FreshnessRule.Evaluation evaluation) throws IOException {
        String checkTime = DateTimeFormatter.ISO_INSTANT.format(at);
        List<String> columns = new ArrayList<>(evaluation.columns());
        columns.addAll(List.of("check_timestamp", "check_id", "sync_needed", "decision_reason"));
        List<Object[]> batch = new ArrayList<>();
        int sequence = 1;
        for (FreshnessGroup group : evaluation.groups()) {
            for (Object[] row : group.rows()) {
                Object[] record = Arrays.copyOf(row, row.length + 4);
                record[row.length] = checkTime;
                record[row.length + 1] = checkId;
                record[row.length + 2] = group.decision().syncNeeded();
                record[row.length + 3] = group.decision().reason();
                batch.add(record);
                if (batch.size() == BATCH) {
                    sink.write(new RowBatch(MONITOR_DATASET, checkId, sequence++, columns, batch, at));
                    batch = new ArrayList<>();
                }
            }
        }
        if (!batch.isEmpty()) {
            sink.write(new RowBatch(MONITOR_DATASET, checkId, sequence, columns, batch, at));
        }
    }

    private void writeEvents(PendingCheck check, List<GroupOutcomes> byGroup) throws IOException {
        String checkTime = DateTimeFormatter.ISO_INSTANT.format(check.checkedAt());
        List<Object[]> events = new ArrayList<>();
        for (GroupOutcomes judged : byGroup) {
            FreshnessDecision decision = judged.group().decision();
            for (TriggerOutcome outcome : judged.outcomes()) {
                events.add(new Object[] {checkTime, check.checkId(), outcome.connectionId(), decision.syncNeeded(),
                    outcome.triggered(), decision.reason(), decision.staleRows(), decision.totalRows(),
                    decision.stalePercentage() == null ? null
                            : new RawJson(String.format(Locale.ROOT, "%.2f", decision.stalePercentage())),
                    outcome.apiStatus(), outcome.apiResponse(), outcome.success(), outcome.dryRun(), outcome.outcome().label(),
                    outcome.detail(), String.join("; ", outcome.apiCalls()), text(outcome.baselineAt()),
                    text(outcome.completedAt()), outcome.rescheduledFor()});
            }
        }
        sink.write(new RowBatch(EVENTS_DATASET, check.checkId(), 1, EVENT_COLUMNS, events, check.checkedAt()));
    }

    private static String text(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at);
    }
}
