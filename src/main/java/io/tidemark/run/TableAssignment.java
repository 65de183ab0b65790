package io.tidemark.run;

import io.tidemark.state.CheckpointFence;
import java.io.IOException;
import java.util.Optional;

/**
 * Who handed a table to this node's category sub-route, and where its outcome goes: the cycle running on this node
 * (the sync cycle's own tables), or a claim on the cluster's claim table (a table this node claimed for a cycle that
 * any node may have started).
 */
public interface TableAssignment {

    /** The table's exchange entered its category sub-route. */
    void started();

    /** The table's outcome, once, however its exchange ended. */
    void finished(TableRun outcome);

    /**
     * Why this node must stop reading the table now (its claim passed to another node); empty while it may go on.
     * Checked after every batch.
     */
    default Optional<String> revoked() {
        return Optional.empty();
    }

    /** What the table's checkpoints are saved under: they commit only while this node may still write them. */
    default CheckpointFence fence() {
        return CheckpointFence.NONE;
    }

    /**
     * Before a batch is written outside a checkpoint's transaction (the file and endpoint sinks, a jdbc sink on another
     * database than the checkpoints): fails when this node may no longer write the table, so that a node that lost it
     * does not write on.
     */
    default void beforeWrite() throws IOException {
        // a table of this node's own cycle is never taken away
    }
}
