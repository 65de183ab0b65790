package io.tidemark.extract;

import io.tidemark.rows.RawJson;
import java.util.List;

/**
 * Estimated heap bytes of decoded rows (object headers, UTF-16 strings, arrays), for the batch's memory
 * budget. An estimate from the rows actually read, as Airbyte does, not a measurement.
 */
public final class RowSizes {
    private static final int ROW_OVERHEAD = 16;
    private static final int REFERENCE = 8;
    private static final int BOXED = 16;
    private static final int STRING_OVERHEAD = 40;
    /** Rows estimated per batch at most: enough to find the wide rows of a table, at a fraction of the cost. */
    static final int SAMPLE = 256;

    private RowSizes() {
    }

    /**
     * The largest estimate among the rows, or among {@link #SAMPLE} evenly spaced rows of a larger batch (always
     * with its first and last); 0 for none. Estimating every row cost a tenth of the writing thread's time.
     */
    public static long widest(List<Object[]> rows) {
        int count = rows.size();
        if (count == 0) {
            return 0;
        }
        int step = Math.max(1, count / SAMPLE);
        long widest = estimate(rows.get(count - 1));
        for (int i = 0; i < count; i += step) {
            widest = Math.max(widest, estimate(rows.get(i)));
        }
        return widest;
    }

    static long estimate(Object[] row) {
        long bytes = ROW_OVERHEAD + (long) REFERENCE * row.length;
        for (Object value : row) {
            if (value instanceof String text) {
                bytes += STRING_OVERHEAD + 2L * text.length();
            } else if (value instanceof RawJson json) {
                bytes += BOXED + STRING_OVERHEAD + 2L * json.json().length();
            } else if (value instanceof byte[] raw) {
                bytes += BOXED + raw.length;
            } else if (value != null) {
                bytes += BOXED;
            }
        }
        return bytes;
    }
}
