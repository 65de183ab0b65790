package io.tidemark.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.files.AtomicFiles;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import io.tidemark.sink.RecordJson;
import io.tidemark.sink.RecordSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deleted rows of small full-refresh tables (a primary key, no cursor, fewer rows than the small-table bound):
 * each pass logs the keys it reads (durably, before the batch is written), and when a pass completes, the keys
 * of the previous pass that it did not see are written as {@code _tidemark_op: delete} records holding the key
 * columns. The previous pass is held as sorted 64-bit key hashes (8 bytes a key), so memory stays small; larger
 * tables and incremental tables do not get delete records.
 */
public final class DeletedRows {
    private static final Logger LOG = LoggerFactory.getLogger(DeletedRows.class);
    private static final int DELETES_PER_BATCH = 5_000;

    private final Path folder;
    private final RecordSink sink;
    private final long smallTableRows;
    private final Clock clock;
    private final JsonFactory jsonFactory = new JsonFactory();
    private final ObjectMapper json = new ObjectMapper();

    public DeletedRows(Path stateDirectory, RecordSink sink, long smallTableRows, Clock clock) {
        this.folder = stateDirectory.resolve("keys");
        this.sink = sink;
        this.smallTableRows = smallTableRows;
        this.clock = clock;
    }

    /**
     * Before a batch is written: logs its keys (a new pass starts a new log), so the log covers every batch written
     * and checkpointed, even one whose checkpoint commits with it. A batch logged but then not written is logged
     * again when it is read again; a key logged twice is harmless.
     */
    public void logKeys(@Body RowBatch batch, @ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        TableRun run = context.run();
        SyncPlan plan = context.plan();
        if (!applies(run.table(), plan) || batch == null || batch.rows().isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        int[] keyIndexes = keyIndexes(run.table());
        StringBuilder lines = new StringBuilder();
        for (Object[] row : batch.rows()) {
            lines.append(keyLine(row, keyIndexes)).append('\n');
        }
        boolean newLog = plan.freshPass() && batch.sequence() == 1;
        try (FileChannel channel = FileChannel.open(current(run.table()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                newLog ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
    }

    /** After the loop: when a pass completed, writes delete records for the keys that disappeared. */
    public void writeDeletes(@ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        TableRun run = context.run();
        SyncPlan plan = context.plan();
        if (!applies(run.table(), plan) || run.status() == TableRun.Status.INTERRUPTED) {
            return;
        }
        Files.createDirectories(folder);
        Path current = current(run.table());
        if (plan.freshPass() && run.batches() == 0) {
            AtomicFiles.write(current, out -> { }); // an empty table: its pass saw no key
        }
        Path previous = previous(run.table());
        if (Files.exists(previous)) {
            long deleted = writeMissing(run, previous, current);
            run.deletesWritten(deleted);
            if (deleted > 0) {
                LOG.info("{}: {} rows deleted since the previous pass", run.table(), deleted);
            }
        }
        if (Files.exists(current)) {
            Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private long writeMissing(TableRun run, Path previous, Path current) throws IOException {
        MessageDigest sha256 = sha256();
        long[] before = hashes(previous, sha256);
        Arrays.sort(before);
        BitSet stillThere = new BitSet(before.length);
        try (BufferedReader lines = Files.newBufferedReader(current, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int at = Arrays.binarySearch(before, hash(line, sha256));
                if (at >= 0) {
                    markAll(before, at, stillThere);
                }
            }
        }
        List<String> keyColumns = run.table().primaryKey();
        List<Object[]> deletes = new ArrayList<>();
        long written = 0;
        int sequence = run.batches() + 1;
        try (BufferedReader lines = Files.newBufferedReader(previous, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int at = Arrays.binarySearch(before, hash(line, sha256)); // found: the hashes come from this very file
                if (stillThere.get(at)) {
                    continue;
                }
                markAll(before, at, stillThere); // a key logged twice is deleted once
                deletes.add(keyValues(line));
                if (deletes.size() == DELETES_PER_BATCH) {
                    written += write(run, keyColumns, deletes, sequence++);
                }
            }
        }
        if (!deletes.isEmpty()) {
            written += write(run, keyColumns, deletes, sequence);
        }
        return written;
    }

    /** Equal hashes sit side by side once sorted: mark the whole run. */
    private static void markAll(long[] sorted, int at, BitSet marks) {
        long value = sorted[at];
        for (int i = at; i >= 0 && sorted[i] == value; i--) {
            marks.set(i);
        }
        for (int i = at + 1; i < sorted.length && sorted[i] == value; i++) {
            marks.set(i);
        }
    }

    private int write(TableRun run, List<String> keyColumns, List<Object[]> deletes, int sequence) throws IOException {
        int count = deletes.size();
        sink.write(new RowBatch(run.table().qualifiedName(), run.runId(), sequence, keyColumns, List.copyOf(deletes),
                clock.instant(), RowBatch.Op.DELETE));
        deletes.clear();
        return count;
    }

    private Object[] keyValues(String line) throws IOException {
        JsonNode array = json.readTree(line);
        Object[] values = new Object[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = new RawJson(array.get(i).toString());
        }
        return values;
    }

    /** The key log's hashes, read line by line: the keys themselves are never all in memory. */
    private static long[] hashes(Path keys, MessageDigest sha256) throws IOException {
        long[] hashes = new long[1024];
        int count = 0;
        try (BufferedReader lines = Files.newBufferedReader(keys, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (count == hashes.length) {
                    hashes = Arrays.copyOf(hashes, count * 2);
                }
                hashes[count++] = hash(line, sha256);
            }
        }
        return Arrays.copyOf(hashes, count);
    }

    private String keyLine(Object[] row, int[] keyIndexes) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = jsonFactory.createGenerator(text)) {
            generator.writeStartArray();
            for (int index : keyIndexes) {
                RecordJson.writeValue(generator, row[index]);
            }
            generator.writeEndArray();
        }
        return text.toString();
    }

    private static int[] keyIndexes(SourceTable table) {
        List<String> names = table.columns().stream().map(SourceColumn::name).toList();
        return table.primaryKey().stream().mapToInt(names::indexOf).toArray();
    }

    private boolean applies(SourceTable table, SyncPlan plan) {
        return plan != null && plan.fullRefresh() && table.estimatedRows() < smallTableRows;
    }

    private static long hash(String line, MessageDigest sha256) {
        return ByteBuffer.wrap(sha256.digest(line.getBytes(StandardCharsets.UTF_8))).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private Path current(SourceTable table) {
        return folder.resolve(AtomicFiles.safeName(table.qualifiedName()) + ".current");
    }

    private Path previous(SourceTable table) {
        return folder.resolve(AtomicFiles.safeName(table.qualifiedName()) + ".previous");
    }
}
