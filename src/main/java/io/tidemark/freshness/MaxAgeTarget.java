package io.tidemark.freshness;

import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import java.util.List;

/** A table the max-age rule judges: the column that dates its rows, and the limits of the entry naming it. */
record MaxAgeTarget(SourceTable table, SourceColumn column, MaxAge limits) {

    /** The entry's connections, or {@code defaults} when it names none. */
    List<String> connections(List<String> defaults) {
        return limits.connectionIds() == null ? defaults : limits.connectionIds();
    }
}
