package io.tidemark.sink;

import io.tidemark.rows.RowBatch;
import io.tidemark.state.CheckpointFence;
import io.tidemark.state.TableState;
import java.io.IOException;

/**
 * A sink whose database also holds the checkpoints: it writes a batch and the checkpoint that batch leads to in one
 * transaction, so neither is ever durable without the other.
 */
@FunctionalInterface
public interface CheckpointingWriter {

    /**
     * Durably writes the batch and, in the same transaction, {@code checkpoint}, if {@code fence} holds there (else
     * neither); an empty batch writes nothing.
     *
     * @param checkpoint the table's state once the batch is written; null for a table that has no checkpoint
     */
    void write(RowBatch batch, TableState checkpoint, CheckpointFence fence) throws IOException;
}
