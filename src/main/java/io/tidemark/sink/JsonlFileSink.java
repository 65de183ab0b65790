package io.tidemark.sink;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.files.AtomicFiles;
import io.tidemark.rows.RowBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

/**
 * Writes each batch as one JSONL file in {@code <directory>/<dataset>/}: one JSON object per line
 * ({@link RecordJson}), written with {@link AtomicFiles}, so
 * readers see whole files or none.
 */
public final class JsonlFileSink implements RecordSink {
    private final Path directory;
    private final RecordJson recordJson;
    private final JsonFactory jsonFactory = JsonFactory.builder().build();

    public JsonlFileSink(Path directory, RecordJson recordJson) {
        this.directory = directory;
        this.recordJson = recordJson;
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
        RecordJson.Fields fields = recordJson.fields(batch.columns(), batch.op(),
                DateTimeFormatter.ISO_INSTANT.format(batch.syncedAt()));
        // the generator must not close the channel's stream: the channel is forced to disk after writing
        try (JsonGenerator generator = jsonFactory.createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            for (Object[] row : batch.rows()) {
                recordJson.write(generator, fields, row);
                generator.writeRaw('\n');
            }
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
