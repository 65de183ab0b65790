package io.tidemark.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checkpoints as one JSON file per table in {@code <tidemark.state.directory>/tables/}, each written under a
 * temporary name, forced to disk and atomically renamed: a crash leaves the previous checkpoint or the new one.
 */
public final class FileStateStore implements StateStore {
    private static final String SUFFIX = ".json";

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper();

    public FileStateStore(Path stateDirectory) {
        this.folder = stateDirectory.resolve("tables");
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

    private Path file(String table) {
        return folder.resolve(AtomicFiles.safeName(table) + SUFFIX);
    }
}
