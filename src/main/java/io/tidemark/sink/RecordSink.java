package io.tidemark.sink;

import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.RowBatch;
import java.io.IOException;

/** Where batches go. A batch is written completely or not at all. */
public interface RecordSink {

    /** Makes the dataset visible (e.g. its folder) even before, or without, any batch. */
    void prepare(String dataset) throws IOException;

    /**
     * Before a source table's first batch of a cycle: the table as it is read (its selected columns with their
     * catalog types, and its primary key), for sinks that keep typed tables. By default only {@link #prepare(String)}.
     */
    default void prepare(SourceTable table) throws IOException {
        prepare(table.qualifiedName());
    }

    /** Durably writes one batch; an empty batch writes nothing. Returns only once the batch is durable. */
    void write(RowBatch batch) throws IOException;
}
