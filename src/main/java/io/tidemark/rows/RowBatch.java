package io.tidemark.rows;

import java.time.Instant;
import java.util.List;

/**
 * One batch of records for one dataset. Values are lossless and sink-neutral: null, Boolean, Long, String,
 * {@link RawJson} (numbers and JSON documents exactly as PostgreSQL printed them) and byte[] (bytea).
 *
 * @param dataset  output name: {@code schema.table} for source tables, {@code _tidemark.<name>} for Tidemark's own
 * @param runId    the sync cycle that produced the batch
 * @param sequence 1-based number of the batch within the run and dataset
 * @param op       what the records mean downstream (a delete holds the key columns only)
 */
public record RowBatch(String dataset, String runId, int sequence, List<String> columns, List<Object[]> rows,
                       Instant syncedAt, Op op) {
    /** What a batch's records mean downstream, written as {@code _tidemark_op} in its {@link #label()}. */
    public enum Op {
        UPSERT("upsert"), DELETE("delete");

        private final String label;

        Op(String label) {
            this.label = label;
        }

        /** Written once per record: a constant, not a lower-cased name each time. */
        public String label() {
            return label;
        }
    }

    public RowBatch(String dataset, String runId, int sequence, List<String> columns, List<Object[]> rows, Instant syncedAt) {
        this(dataset, runId, sequence, columns, rows, syncedAt, Op.UPSERT);
    }

    public int size() {
        return rows.size();
    }
}
