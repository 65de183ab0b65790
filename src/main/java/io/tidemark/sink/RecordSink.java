package io.tidemark.sink;

import io.tidemark.rows.RowBatch;
import java.io.IOException;

/** Where batches go. A batch is written completely or not at all. */
public interface RecordSink {

    /** Makes the dataset visible (e.g. its folder) even before, or without, any batch. */
    void prepare(String dataset) throws IOException;

    /** Durably writes one batch; an empty batch writes nothing. */
    void write(RowBatch batch) throws IOException;
}
