package io.tidemark.quarkus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder in-JVM tests run Tidemark from: their working directory, holding links to the repo's own
 * {@code config/}, {@code routes/} and {@code setup.sql}, as the README asks of any folder Tidemark runs from.
 */
final class TidemarkHome {
    private static final List<String> ENTRIES = List.of("config", "routes", "setup.sql");

    private TidemarkHome() {
    }

    /** Links the repo's files into the working directory (once; links left by an earlier run are kept). */
    static void linkRepoFiles() {
        Path home = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(home.resolve("pom.xml"))) {
            throw new IllegalStateException("run from " + home + ": a folder with a pom.xml is not a test's Tidemark home");
        }
        try {
            for (String entry : ENTRIES) {
                Path link = home.resolve(entry);
                if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, Runs.ROOT.resolve(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
