package io.tidemark.destination;

import java.io.IOException;

/**
 * The destination table cannot take the source table as it now is (an unsafe type change, another primary key,
 * a table of the same name from another source schema). Permanent: that table fails, the others go on.
 */
public final class DestinationTableMismatch extends IOException {
    public DestinationTableMismatch(String message) {
        super(message);
    }
}
