package io.tidemark.app;

import io.tidemark.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Camel loads the routes from ({@code camel.main.routes-include-pattern}), made exact for every runtime:
 * a relative {@code file:} location is resolved against Tidemark's base directory, not the JVM's working
 * directory; a linked folder (a symlinked {@code routes/}, as Kubernetes mounts a ConfigMap) is resolved to its
 * target, because Camel's file scan does not follow the link and would load no route at all; and a location
 * whose folder exists but holds no matching file is refused at start-up, instead of every call later waiting
 * for a route that is not there.
 */
final class RouteFiles {
    static final String KEY = "camel.main.routes-include-pattern";
    private static final String FILE = "file:";
    private static final String DEFAULT = FILE + "routes/*.yaml";

    private RouteFiles() {
    }

    /** The location Camel is given for {@code configured} (empty: the default {@code file:routes/*.yaml}). */
    static String location(Path baseDir, String configured) {
        List<String> locations = new ArrayList<>();
        for (String location : (configured.isBlank() ? DEFAULT : configured).split(",")) {
            locations.add(resolve(baseDir, location.trim()));
        }
        return String.join(",", locations);
    }

    private static String resolve(Path baseDir, String location) {
        if (!location.startsWith(FILE)) {
            return location; // classpath: and other schemes are Camel's to resolve
        }
        Path pattern = baseDir.toAbsolutePath().resolve(location.substring(FILE.length())).normalize();
        Path folder = pattern.getParent();
        if (folder == null || !Files.isDirectory(folder) || isPattern(folder.toString())) {
            return FILE + pattern; // Camel reports what it cannot find; a wildcard folder is Camel's to expand
        }
        try {
            Path real = folder.toRealPath();
            String glob = pattern.getFileName().toString();
            try (DirectoryStream<Path> matches = Files.newDirectoryStream(real, glob)) {
                if (!matches.iterator().hasNext()) {
                    throw new ConfigException(KEY, "no route file matches " + glob + " in " + folder);
                }
            }
            return FILE + real.resolve(glob);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the routes folder " + folder, e);
        }
    }

    private static boolean isPattern(String path) {
        return path.contains("*") || path.contains("?") || path.contains("{") || path.contains("[");
    }
}
