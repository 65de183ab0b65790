package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.files.AtomicFiles;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * Writes each batch as one JSONL file in {@code <directory>/<dataset>/}: one JSON object per line with every
 * column by name plus {@code _tidemark_op} and {@code _tidemark_synced_at}, written with {@link AtomicFiles}, so
 * readers see whole files or none.
 */
public final class JsonlFileSink implements RecordSink {
    public static final String OP_FIELD = "_tidemark_op";
    public static final String SYNCED_AT_FIELD = "_tidemark_synced_at";

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
        AtomicFiles.write(folder.resolve(name), out -> writeLines(batch, out));
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
                generator.writeStringField(OP_FIELD, batch.op().label());
                generator.writeStringField(SYNCED_AT_FIELD, syncedAt);
                generator.writeEndObject();
                generator.writeRaw('\n');
            }
        }
    }

    /** Writes one value as the sink writes it (also used for key logs, so keys keep their JSON types). */
    public static void writeValue(JsonGenerator generator, Object value) throws IOException {
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
        return directory.resolve(AtomicFiles.safeName(dataset));
    }

    private static void removeAbandonedTemporaryFiles(Path folder) throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, ".*" + AtomicFiles.TEMP_SUFFIX)) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }
}
