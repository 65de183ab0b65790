package io.tidemark.state;

import java.sql.SQLException;

/**
 * A checkpoint refused by its {@link CheckpointFence}: whoever saves it no longer holds the table. Not a transient
 * failure: trying again cannot succeed.
 */
public final class FencedOutException extends SQLException {
    /** Tidemark's own SQLSTATE for it (class TM: not a PostgreSQL class, never taken for a transient one). */
    public static final String SQL_STATE = "TM409";

    public FencedOutException(String message) {
        super(message, SQL_STATE);
    }
}
