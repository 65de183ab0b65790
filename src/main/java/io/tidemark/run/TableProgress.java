package io.tidemark.run;

import io.tidemark.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a table that runs long: once it has run {@link #INTERVAL}, one line per interval with the rows written,
 * for a full read also of the discovery's estimate (share and time left at the rate so far), and the rows per second.
 * An incremental read has no estimate of its own rows, so it gets the rows and the rate only.
 */
final class TableProgress {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(TableProgress.class);

    private final Clock clock;

    TableProgress(Clock clock) {
        this.clock = clock;
    }

    /** After a batch was written: logs a line when one is due, and when the next one is. */
    void afterBatch(TableContext context) {
        Instant now = clock.instant();
        if (now.isBefore(context.progressDue())) {
            return;
        }
        TableRun run = context.run();
        boolean fullRead = run.mode() != ReadMode.INCREMENTAL;
        // marked as progress: on a terminal it becomes the table's part of the live line (see README, Running it)
        LOG.info(LogContext.PROGRESS, "{}", line(run.table().qualifiedName(), run.rows(),
                fullRead ? run.table().estimatedRows() : -1, Duration.between(run.startedAt(), now)));
        context.progressDue(now.plus(INTERVAL));
    }

    /**
     * One progress line, e.g. {@code public.orders: 1,200,000 of ~2,000,000 rows (60 %), 120,000 rows/s, about
     * 7 s left}.
     *
     * @param estimate the rows the read is expected to cover; negative when there is no estimate
     */
    static String line(String table, long rows, long estimate, Duration elapsed) {
        double seconds = Math.max(elapsed.toMillis(), 1) / 1000.0;
        long rate = Math.round(rows / seconds);
        StringBuilder line = new StringBuilder(table).append(": ").append(String.format(Locale.ROOT, "%,d", rows));
        if (estimate > rows) {
            line.append(String.format(Locale.ROOT, " of ~%,d rows (%d %%)", estimate, rows * 100 / estimate));
        } else {
            line.append(" rows");
            if (estimate >= 0) {
                line.append(String.format(Locale.ROOT, " (more than the estimate of ~%,d)", estimate));
            }
        }
        line.append(String.format(Locale.ROOT, ", %,d rows/s", rate));
        if (estimate > rows && rate > 0) {
            line.append(String.format(Locale.ROOT, ", about %d s left", (estimate - rows + rate - 1) / rate));
        }
        return line.toString();
    }
}
