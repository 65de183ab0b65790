package io.tidemark.state;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A condition checked in the very transaction that saves a checkpoint, so the checkpoint commits only while it
 * holds: on a cluster, that this node still holds the table's claim (a node that lost it to another cannot move the
 * table's position under the new holder).
 */
@FunctionalInterface
public interface CheckpointFence {
    /** No condition: a table not run under a claim. */
    CheckpointFence NONE = connection -> { };

    /**
     * Checks the condition on {@code connection}, inside the checkpoint's transaction.
     *
     * @throws FencedOutException when the checkpoint may no longer be written; its transaction is rolled back
     */
    void verify(Connection connection) throws SQLException;
}
