package io.tidemark.logging;

import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * What a log line is about, kept in SLF4J's MDC of the thread doing the work: the sync cycle's run id and the
 * table being extracted. The JSON lines carry them as fields; the text lines do not show them (their messages name
 * the table already).
 */
public final class LogContext {
    static final String RUN_ID = "tidemark.run_id";
    static final String TABLE = "tidemark.table";
    /** A table's progress line: on a terminal, part of the live line rather than a line of its own. */
    public static final Marker PROGRESS = MarkerFactory.getMarker("tidemark-progress");
    /** A table's last line (done, failed, gone, interrupted): its part of the live line ends. */
    public static final Marker TABLE_DONE = MarkerFactory.getMarker("tidemark-table-done");

    private LogContext() {
    }

    /** The thread now works on {@code table} of cycle {@code runId}. */
    public static void table(String runId, String table) {
        MDC.put(RUN_ID, runId);
        MDC.put(TABLE, table);
    }

    /** The thread now works on cycle {@code runId} as a whole. */
    public static void cycle(String runId) {
        MDC.put(RUN_ID, runId);
        MDC.remove(TABLE);
    }

    /** The thread's work on a table or cycle ended. */
    public static void clear() {
        MDC.remove(RUN_ID);
        MDC.remove(TABLE);
    }
}
