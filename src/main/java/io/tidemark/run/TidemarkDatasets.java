package io.tidemark.run;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.DatasetNames;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tidemark's own datasets ({@code _tidemark.<name>}), as batches for the configured sink. Records carry the
 * schema next to the table name, so equal table names in two schemas stay apart.
 */
public final class TidemarkDatasets {
    private static final List<String> TABLE_COLUMNS = List.of("run_id", "schema_name", "table_name", "table",
            "table_type", "estimated_rows", "rows_estimate_source", "total_bytes", "category", "primary_key",
            "column_count", "comment");
    private static final List<String> COLUMN_COLUMNS = List.of("run_id", "schema_name", "table_name", "table",
            "column_name", "ordinal_position", "data_type", "is_nullable", "column_default", "is_primary_key", "comment");
    private static final List<String> SYNC_RUN_COLUMNS = List.of("run_id", "table", "schema_name", "table_name",
            "category", "estimated_rows", "mode", "rows", "deletes", "batches", "batch_size_min", "batch_size_max", "threads",
            "pressure_events", "preprocess_rows", "preprocess_error", "started_at", "finished_at", "seconds", "status", "error", "node");

    private TidemarkDatasets() {
    }

    public static RowBatch postgresTables(String runId, List<SourceTable> tables, Instant at) {
        List<Object[]> rows = new ArrayList<>(tables.size());
        for (SourceTable t : tables) {
            rows.add(new Object[] {runId, t.schema(), t.name(), t.qualifiedName(),
                t.partitioned() ? "PARTITIONED TABLE" : "BASE TABLE", t.estimatedRows(), t.rowsSource(),
                t.totalBytes(), t.category().label(), String.join(",", t.primaryKey()), (long) t.columns().size(),
                t.comment()});
        }
        return new RowBatch(DatasetNames.POSTGRES_TABLES, runId, 1, TABLE_COLUMNS, rows, at);
    }

    public static RowBatch postgresColumns(String runId, List<SourceTable> tables, Instant at) {
        List<Object[]> rows = new ArrayList<>();
        for (SourceTable t : tables) {
            for (SourceColumn c : t.columns()) {
                rows.add(new Object[] {runId, t.schema(), t.name(), t.qualifiedName(), c.name(), (long) c.ordinal(),
                    c.dataType(), !c.notNull(), c.defaultExpression(), t.primaryKey().contains(c.name()), c.comment()});
            }
        }
        return new RowBatch(DatasetNames.POSTGRES_COLUMNS, runId, 1, COLUMN_COLUMNS, rows, at);
    }

    public static RowBatch syncRun(TableRun run) {
        SourceTable t = run.table();
        Object[] row = {run.runId(), t.qualifiedName(), t.schema(), t.name(), t.category().label(), t.estimatedRows(),
            run.mode() == null ? "" : run.mode().label(), run.rows(), run.deletes(), (long) run.batches(), (long) run.batchSizeMin(), (long) run.batchSizeMax(),
            (long) run.threads(), (long) run.pressureEvents(),
            run.preprocessing() == null ? null : run.preprocessing().rows(),
            run.preprocessing() == null ? null : run.preprocessing().error(), iso(run.startedAt()), iso(run.finishedAt()),
            new RawJson(String.format(Locale.ROOT, "%.3f", run.elapsed().toNanos() / 1e9)),
            run.status().label(), run.error(), run.node()};
        return new RowBatch(DatasetNames.SYNC_RUNS, run.runId(), run.position(), SYNC_RUN_COLUMNS, List.<Object[]>of(row), run.finishedAt());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
