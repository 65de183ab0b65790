package io.tidemark.state;

import java.io.IOException;
import java.util.Optional;

/**
 * Where tables' checkpoints are read from when a read is planned: a {@link StateStore}, or the state a Fivetran
 * Partner SDK {@code Update} request carries.
 */
public interface Checkpoints {

    Optional<TableState> load(String table) throws IOException;
}
