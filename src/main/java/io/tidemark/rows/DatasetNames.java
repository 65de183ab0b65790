package io.tidemark.rows;

/**
 * The names of Tidemark's own datasets, which every sink receives next to the source tables' ({@code schema.table}):
 * the producers (sync cycle, freshness check) and the sinks that treat them apart (the jdbc sink keys them) share
 * them from here.
 */
public final class DatasetNames {
    /** Every own dataset's name starts with it; no {@code schema.table} does, as {@code _tidemark} is no schema. */
    public static final String OWN_PREFIX = "_tidemark.";
    public static final String POSTGRES_TABLES = OWN_PREFIX + "postgres_tables";
    public static final String POSTGRES_COLUMNS = OWN_PREFIX + "postgres_columns";
    public static final String SYNC_RUNS = OWN_PREFIX + "sync_runs";
    public static final String DATA_FRESHNESS_MONITOR = OWN_PREFIX + "data_freshness_monitor";
    public static final String SYNC_EVENTS = OWN_PREFIX + "sync_events";

    private DatasetNames() {
    }
}
