package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary table of a cycle: a node column only when the tables ran on cluster nodes. */
class CycleReportTest {
    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    private static TableRun run(int position, String name, String node, long rows) {
        SourceTable table = new SourceTable(position, "public", name, false, rows, "reltuples", 0, null, List.of(),
                List.of("id"), SizeCategory.SMALL);
        return TableRun.reported("run-1", position, table, node, START, START.plusSeconds(2), TableRun.Status.SUCCESS, null,
                rows, 1);
    }

    @Test
    void aClusterCycleNamesTheNodeOfEachTable() {
        CycleReport report = new CycleReport("run-1", START, START.plusSeconds(3),
                List.of(run(1, "orders", "node-1", 1000), run(2, "customers", "eu-node-22", 20)));

        assertThat(report.summaryLines()).containsExactly(
                "table             category          rows   batches   seconds      rows/s  node        status",
                "public.orders     small            1,000         1      2.00         500  node-1      success",
                "public.customers  small               20         1      2.00          10  eu-node-22  success",
                "total: 2 tables, 1,020 rows in 3.00 s (340 rows/s), 0 failed, run run-1");
    }

    @Test
    void aCycleOfOneNodeHasNoNodeColumn() {
        CycleReport report = new CycleReport("run-1", START, START.plusSeconds(3), List.of(run(1, "orders", null, 1000)));

        assertThat(report.summaryLines()).startsWith(
                "table          category          rows   batches   seconds      rows/s  status",
                "public.orders  small            1,000         1      2.00         500  success");
    }
}
