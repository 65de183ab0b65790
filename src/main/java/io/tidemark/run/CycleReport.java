package io.tidemark.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The outcome of one sync cycle: every table's run, and the human summary printed by {@code --once}. */
public record CycleReport(String runId, Instant startedAt, Instant finishedAt, List<TableRun> tables) {

    /** Tables that failed or were interrupted; a table gone since discovery is not a failure. */
    public long failedTables() {
        return tables.stream().filter(t -> t.status() != TableRun.Status.SUCCESS && t.status() != TableRun.Status.GONE).count();
    }

    public boolean succeeded() {
        return failedTables() == 0;
    }

    public long totalRows() {
        return tables.stream().mapToLong(TableRun::rows).sum();
    }

    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        int width = Math.max(5, tables.stream().mapToInt(t -> t.table().qualifiedName().length()).max().orElse(5));
        // on a cluster, which node ran each table
        boolean clustered = tables.stream().anyMatch(t -> t.node() != null);
        int nodeWidth = Math.max(4, tables.stream().mapToInt(t -> t.node() == null ? 1 : t.node().length()).max().orElse(4));
        String format = "%-" + width + "s  %-8s  %12s  %8s  %8s  %10s  " + (clustered ? "%-" + nodeWidth + "s  " : "%s") + "%s";
        lines.add(String.format(Locale.ROOT, format, "table", "category", "rows", "batches", "seconds", "rows/s",
                clustered ? "node" : "", "status"));
        for (TableRun run : tables) {
            lines.add(String.format(Locale.ROOT, format, run.table().qualifiedName(), run.table().category().label(),
                    String.format(Locale.ROOT, "%,d", run.rows()), run.batches(), seconds(run.elapsed()),
                    rate(run.rows(), run.elapsed()), clustered ? (run.node() == null ? "-" : run.node()) : "",
                    run.status().label() + (run.error() == null ? "" : ": " + run.error())));
        }
        Duration total = Duration.between(startedAt, finishedAt);
        lines.add(String.format(Locale.ROOT, "total: %d tables, %,d rows in %s s (%s rows/s), %d failed, run %s",
                tables.size(), totalRows(), seconds(total), rate(totalRows(), total), failedTables(), runId));
        return lines;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }

    private static String rate(long rows, Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? "-" : String.format(Locale.ROOT, "%,.0f", rows / seconds);
    }
}
