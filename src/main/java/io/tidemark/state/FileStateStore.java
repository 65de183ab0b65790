package io.tidemark.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints as one JSON file per table in {@code <tidemark.state.directory>/tables/}, each written under a
 * temporary name, forced to disk and atomically renamed: a crash leaves the previous checkpoint or the new one.
 * When Fivetran connections were last triggered is kept the same way, one file per connection in a folder of its
 * own, {@code fivetran/}, so that {@link #tables()} never mistakes one for a checkpoint.
 */
public final class FileStateStore implements StateStore {
    private static final String SUFFIX = ".json";

    private final Path folder;
    private final Path triggers;
    // a checkpoint written by a later Tidemark (with fields this one does not know) still reads: downgrades work
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public FileStateStore(Path stateDirectory) {
        this.folder = tablesFolder(stateDirectory);
        this.triggers = stateDirectory.resolve("fivetran");
    }

    /** Where the checkpoints of tables are, under the state directory. */
    static Path tablesFolder(Path stateDirectory) {
        return stateDirectory.resolve("tables");
    }

    @Override
    public Optional<TableState> load(String table) throws IOException {
        Path file = file(table);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), TableState.class));
    }

    @Override
    public void save(TableState state) throws IOException {
        Files.createDirectories(folder);
        AtomicFiles.write(file(state.table()), out -> out.write(json.writeValueAsBytes(state)));
    }

    /** Files have no transaction to check a fence in; only a table without one (a cluster needs the jdbc store). */
    @Override
    public void save(TableState state, CheckpointFence fence) throws IOException {
        if (fence != CheckpointFence.NONE) {
            throw new IllegalStateException("a fenced checkpoint needs the jdbc checkpoint store");
        }
        save(state);
    }

    @Override
    public boolean delete(String table) throws IOException {
        return Files.deleteIfExists(file(table));
    }

    @Override
    public List<String> tables() throws IOException {
        List<String> tables = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return tables;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                tables.add(json.readValue(file.toFile(), TableState.class).table());
            }
        }
        return tables;
    }

    @Override
    public Optional<Instant> lastTriggered(String connectionId) throws IOException {
        Path file = triggerFile(connectionId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String at = json.readValue(file.toFile(), Triggered.class).triggeredAt();
        String unreadable = "The last trigger of Fivetran connection " + connectionId + " in " + file
                + " has no readable triggered_at: " + at;
        if (at == null) {
            throw new IOException(unreadable);
        }
        try {
            return Optional.of(Instant.parse(at));
        } catch (DateTimeParseException e) {
            throw new IOException(unreadable, e);
        }
    }

    @Override
    public void saveTriggered(String connectionId, Instant at) throws IOException {
        byte[] content = json.writeValueAsBytes(new Triggered(connectionId, at.toString()));
        Files.createDirectories(triggers);
        AtomicFiles.write(triggerFile(connectionId), out -> out.write(content));
    }

    private Path file(String table) {
        return folder.resolve(AtomicFiles.safeName(table) + SUFFIX);
    }

    private Path triggerFile(String connectionId) {
        return triggers.resolve(AtomicFiles.safeName(connectionId) + SUFFIX);
    }

    /** The file's content; the instant as ISO-8601 text, which any reader (or a person) can take as it is. */
    private record Triggered(@JsonProperty("connection_id") String connectionId,
                             @JsonProperty("triggered_at") String triggeredAt) {
    }
}
