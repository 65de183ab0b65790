package io.tidemark.destination;

import io.tidemark.rows.RowBatch;
import io.tidemark.source.SqlIdentifiers;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Copies a batch into the destination with pgjdbc's {@code CopyManager} (COPY text format, values encoded by
 * {@link CopyText}): into the transaction's staging table, which {@link Upserts} then applies, or — for rows that
 * are all new — straight into the destination table. The staging table is temporary (the session's own), dropped
 * at commit or rollback, and has the batch's columns typed exactly as the destination table's, so PostgreSQL
 * parses each value with the column's own input function. For a table keyed by row hash the staging table also
 * gets {@link DestinationTable#ROW_HASH}, computed here from the same texts.
 */
final class BatchCopy {
    /** Temporary tables live in the session's own schema: one name serves every table and connection. */
    static final String STAGE = "pg_temp.tidemark_stage";
    private static final int FLUSH_BYTES = 1 << 16;

    private BatchCopy() {
    }

    /** The staging table's columns for {@code batch}: its columns, plus the row hash where that is the key. */
    static List<String> stagedColumns(DestinationTable target, RowBatch batch) {
        List<String> columns = new ArrayList<>(batch.columns());
        if (hashed(target, batch)) {
            columns.add(DestinationTable.ROW_HASH);
        }
        return columns;
    }

    /** Creates the transaction's staging table and copies the batch's rows into it. */
    static void intoStaging(Connection connection, DestinationTable target, RowBatch batch) throws SQLException {
        List<String> columns = stagedColumns(target, batch);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE tidemark_stage ON COMMIT DROP AS SELECT "
                    + DestinationTables.quoted(columns) + " FROM " + DestinationTables.qualified(target) + " WITH NO DATA");
        }
        copy(connection, "COPY " + STAGE + " (" + DestinationTables.quoted(columns) + ") FROM STDIN", target, batch,
                hashed(target, batch));
    }

    /**
     * Copies the batch's rows straight into the destination table; Tidemark's columns take their defaults (see
     * {@link DestinationTables}). Fails with a unique violation (SQLSTATE 23505) when a key is there already.
     */
    static void intoTable(Connection connection, DestinationTable target, RowBatch batch) throws SQLException {
        copy(connection, "COPY " + DestinationTables.qualified(target) + " (" + DestinationTables.quoted(batch.columns())
                + ") FROM STDIN", target, batch, false);
    }

    /** One COPY of every row. */
    private static void copy(Connection connection, String sql, DestinationTable target, RowBatch batch, boolean hashed)
            throws SQLException {
        CopyText.Kind[] kinds = batch.columns().stream()
                .map(name -> CopyText.Kind.of(target.column(name).orElseThrow(() -> new IllegalStateException(
                        target.displayName() + " has no column " + SqlIdentifiers.quote(name))).type()))
                .toArray(CopyText.Kind[]::new);
        RowHash rowHash = hashed ? new RowHash() : null;
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
            String[] texts = new String[kinds.length];
            for (Object[] row : batch.rows()) {
                for (int i = 0; i < kinds.length; i++) {
                    texts[i] = CopyText.text(row[i], kinds[i]);
                    if (i > 0) {
                        buffer.append('\t');
                    }
                    CopyText.appendField(buffer, texts[i]);
                }
                if (hashed) {
                    buffer.append('\t').append(rowHash.of(batch.columns(), texts));
                }
                buffer.append('\n');
                if (buffer.length() >= FLUSH_BYTES) {
                    write(copy, buffer);
                }
            }
            write(copy, buffer);
            copy.endCopy();
        } catch (UncheckedIOException e) {
            throw new SQLException("a value of " + target.displayName() + " could not be converted: " + e.getMessage(), "22P02", e);
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private static boolean hashed(DestinationTable target, RowBatch batch) {
        return target.keyedByRowHash() && batch.op() == RowBatch.Op.UPSERT;
    }
}
