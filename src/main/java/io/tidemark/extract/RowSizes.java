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

    private RowSizes() {
    }

    /** The largest estimate among the rows; 0 for none. */
    public static long widest(List<Object[]> rows) {
        long widest = 0;
        for (Object[] row : rows) {
            widest = Math.max(widest, estimate(row));
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
