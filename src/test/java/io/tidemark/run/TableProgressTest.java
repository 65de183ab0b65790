package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line of a long-running table: rows of the estimate, share, rate and time left. */
class TableProgressTest {

    @Test
    void aFullReadShowsItsShareOfTheEstimateTheRateAndTheTimeLeft() {
        assertThat(TableProgress.line("public.orders", 1_200_000, 2_000_000, Duration.ofSeconds(10)))
                .isEqualTo("public.orders: 1,200,000 of ~2,000,000 rows (60 %), 120,000 rows/s, about 7 s left");
    }

    @Test
    void pastAStaleEstimateItSaysSoAndGivesNoTimeLeft() {
        assertThat(TableProgress.line("public.orders", 3_000_000, 2_000_000, Duration.ofSeconds(20)))
                .isEqualTo("public.orders: 3,000,000 rows (more than the estimate of ~2,000,000), 150,000 rows/s");
    }

    @Test
    void anIncrementalReadShowsRowsAndRateOnly() {
        assertThat(TableProgress.line("public.events", 50_000, -1, Duration.ofMillis(12_500)))
                .isEqualTo("public.events: 50,000 rows, 4,000 rows/s");
    }

    @Test
    void nothingWrittenYetHasNoRateAndNoTimeLeft() {
        assertThat(TableProgress.line("public.big", 0, 1_000, Duration.ofSeconds(11)))
                .isEqualTo("public.big: 0 of ~1,000 rows (0 %), 0 rows/s");
    }

    @Test
    void aLineIsDueOnceTheTableHasRunTenSecondsAndThenEveryTenSeconds() {
        Instant start = Instant.parse("2026-11-29T10:00:00Z");
        SourceTable table = new SourceTable(1L, "public", "big", false, 1_000_000, "reltuples", 0, null, List.of(),
                List.of("id"), SizeCategory.MEDIUM);
        TableContext context = new TableContext("run-1", 1, table, null, new CycleProgress(1));
        TableRun run = new TableRun("run-1", 1, table, 2, start);
        run.mode(ReadMode.SNAPSHOT);
        context.begin(run);

        new TableProgress(Clock.fixed(start.plusSeconds(9), ZoneOffset.UTC)).afterBatch(context);
        assertThat(context.progressDue()).as("nothing before 10 s").isEqualTo(start.plusSeconds(10));

        new TableProgress(Clock.fixed(start.plusSeconds(11), ZoneOffset.UTC)).afterBatch(context);
        assertThat(context.progressDue()).as("a line at 11 s, the next 10 s later").isEqualTo(start.plusSeconds(21));

        new TableProgress(Clock.fixed(start.plusSeconds(15), ZoneOffset.UTC)).afterBatch(context);
        assertThat(context.progressDue()).isEqualTo(start.plusSeconds(21));
    }
}
