package io.tidemark.extract;

import java.sql.SQLException;

/**
 * A table's columns were added or dropped since its reader began: the reader cannot go on with the columns it
 * selects, and nothing of the page was read. The table is read on, from its checkpoint, with its columns as they
 * are now.
 */
public final class ColumnsChangedException extends SQLException {

    ColumnsChangedException(String table, SQLException cause) {
        super("the columns of " + table + " changed while it was being read", cause == null ? null : cause.getSQLState(),
                cause);
    }
}
