package io.tidemark.state;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Durable checkpoints of tables, keyed by {@code schema.table}. A save is complete or not visible at all. */
public interface StateStore {

    Optional<TableState> load(String table) throws IOException;

    void save(TableState state) throws IOException;

    /** Forgets a table's checkpoint, so its next cycle is a full sync; false when there was none. */
    boolean delete(String table) throws IOException;

    /** The tables that have a checkpoint. */
    List<String> tables() throws IOException;
}
