package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFilesTest {

    @Test
    void theDefaultIsTheRoutesFolderOfTheBaseDirectory(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("routes"));
        Files.writeString(base.resolve("routes/sync.yaml"), "- route: {}\n");

        assertThat(RouteFiles.location(base, "")).isEqualTo("file:" + base.toRealPath().resolve("routes/*.yaml"));
    }

    @Test
    void aLinkedRoutesFolderIsGivenToCamelAsItsTarget(@TempDir Path base) throws Exception {
        Path shared = Files.createDirectories(base.resolve("shared/routes"));
        Files.writeString(shared.resolve("sync.yaml"), "- route: {}\n");
        Path home = Files.createDirectories(base.resolve("home"));
        Files.createSymbolicLink(home.resolve("routes"), shared);

        assertThat(RouteFiles.location(home, "file:routes/*.yaml"))
                .isEqualTo("file:" + shared.toRealPath().resolve("*.yaml"));
    }

    @Test
    void aFolderWithoutAMatchingFileIsRefusedInOneLine(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("routes"));
        Files.writeString(base.resolve("routes/notes.txt"), "not a route");

        assertThatThrownBy(() -> RouteFiles.location(base, "file:routes/*.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("camel.main.routes-include-pattern: no route file matches *.yaml in " + base.resolve("routes"));
    }

    @Test
    void otherSchemesAndEachEntryOfAListAreKept(@TempDir Path base) throws Exception {
        Path absolute = Files.createDirectories(base.resolve("extra"));
        Files.writeString(absolute.resolve("a.yaml"), "- route: {}\n");

        assertThat(RouteFiles.location(base, "classpath:routes/*.yaml, file:" + absolute + "/*.yaml"))
                .isEqualTo("classpath:routes/*.yaml,file:" + absolute.toRealPath().resolve("*.yaml"));
    }

    @Test
    void aMissingFolderIsLeftForCamelToReport(@TempDir Path base) {
        assertThat(RouteFiles.location(base, "file:nowhere/*.yaml")).isEqualTo("file:" + base.resolve("nowhere/*.yaml"));
    }
}
