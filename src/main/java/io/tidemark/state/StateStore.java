package io.tidemark.state;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable checkpoints of tables, keyed by {@code schema.table}, and when Tidemark last triggered each Fivetran
 * connection's sync, so a restarted Tidemark still honours the cooldown. A save is complete or not visible at all.
 */
public interface StateStore extends Checkpoints {

    void save(TableState state) throws IOException;

    /**
     * Saves {@code state} only if {@code fence} holds, checked in the same transaction.
     *
     * @throws IOException wrapping a {@link FencedOutException} when it does not
     */
    void save(TableState state, CheckpointFence fence) throws IOException;

    /** Forgets a table's checkpoint, so its next cycle is a full sync; false when there was none. */
    boolean delete(String table) throws IOException;

    /** The tables that have a checkpoint. */
    List<String> tables() throws IOException;

    /** When Tidemark last triggered a sync of this Fivetran connection, if it ever did. */
    Optional<Instant> lastTriggered(String connectionId) throws IOException;

    /** Remembers that Tidemark triggered a sync of this Fivetran connection at {@code at} (durably, before returning). */
    void saveTriggered(String connectionId, Instant at) throws IOException;
}
