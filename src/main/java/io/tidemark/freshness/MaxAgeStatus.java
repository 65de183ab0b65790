package io.tidemark.freshness;

import java.util.Locale;

/** How a table stands against its max-age limits; recorded as its label in the monitor row's {@code status}. */
public enum MaxAgeStatus {
    /** Not older than its warn-after (or its error-after when it has none). */
    FRESH,
    /** Older than its warn-after: logged and recorded, no sync. */
    WARN,
    /** Older than its error-after, or nothing dates it: its connections need a sync. */
    ERROR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
