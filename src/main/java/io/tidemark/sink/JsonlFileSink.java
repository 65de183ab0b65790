package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.extract.RawJson;
import io.tidemark.extract.RowBatch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Writes each batch as one JSONL file in {@code <directory>/<dataset>/}: one JSON object per line with every
 * column by name plus {@code _tidemark_op} and {@code _tidemark_synced_at}. The file is written under a hidden
 * temporary name, forced to disk, then atomically renamed, so readers see whole files or none.
 */
public final class JsonlFileSink implements RecordSink {
    public static final String OP_FIELD = "_tidemark_op";
    public static final String SYNCED_AT_FIELD = "_tidemark_synced_at";
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path directory;
    private final JsonFactory jsonFactory = JsonFactory.builder().build();

    public JsonlFileSink(Path directory) {
        this.directory = directory;
    }

    @Override
    public void prepare(String dataset) throws IOException {
        Path folder = folder(dataset);
        Files.createDirectories(folder);
        removeAbandonedTemporaryFiles(folder);
    }

    @Override
    public void write(RowBatch batch) throws IOException {
        if (batch.rows().isEmpty()) {
            return;
        }
        Path folder = folder(batch.dataset());
        Files.createDirectories(folder);
        String name = String.format("%s-%06d.jsonl", batch.runId(), batch.sequence());
        Path target = folder.resolve(name);
        Path temporary = folder.resolve("." + name + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            writeLines(batch, out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private void writeLines(RowBatch batch, OutputStream out) throws IOException {
        List<String> columns = batch.columns();
        String syncedAt = DateTimeFormatter.ISO_INSTANT.format(batch.syncedAt());
        // the generator must not close the channel's stream: the channel is forced to disk after writing
        try (JsonGenerator generator = jsonFactory.createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            for (Object[] row : batch.rows()) {
                generator.writeStartObject();
                for (int i = 0; i < row.length; i++) {
                    generator.writeFieldName(columns.get(i));
                    writeValue(generator, row[i]);
                }
                generator.writeStringField(OP_FIELD, "upsert");
                generator.writeStringField(SYNCED_AT_FIELD, syncedAt);
                generator.writeEndObject();
                generator.writeRaw('\n');
            }
        }
    }

    private static void writeValue(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof RawJson json) {
            generator.writeRawValue(json.json());
        } else if (value instanceof Long number) {
            generator.writeNumber(number);
        } else if (value instanceof Integer number) {
            generator.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof byte[] bytes) {
            generator.writeString(Base64.getEncoder().encodeToString(bytes));
        } else {
            generator.writeString(value.toString());
        }
    }

    /** The dataset's folder. Names are used as they are, except what a file name cannot hold. */
    public Path folder(String dataset) {
        String safe = dataset.replace("%", "%25").replace("/", "%2F").replace("\\", "%5C");
        if (safe.startsWith(".")) {
            safe = "%2E" + safe.substring(1);
        }
        return directory.resolve(safe);
    }

    private static void removeAbandonedTemporaryFiles(Path folder) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, ".*" + TEMP_SUFFIX)) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }
}
