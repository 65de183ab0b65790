package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link LayeredProperties#fromLayers}: the layers handed over as maps (as OSGi Config Admin hands a dictionary)
 * resolve exactly as the files {@link LayeredProperties#load} reads. Tests run from the repository root.
 */
class LayeredPropertiesFromLayersTest {
    private static final Path REPO_ROOT = Path.of("");
    private static final String URL = "jdbc:postgresql://db:5432/shop";

    @Test
    void theRealFilesAsMapsResolveAsLoadingThemDoes() throws IOException {
        Properties system = new Properties();
        system.setProperty("tidemark.sync.threads", "3");
        Map<String, String> env = Map.of("TIDEMARK_SYNC_BATCH_SIZE", "500");

        LayeredProperties loaded = LayeredProperties.load(REPO_ROOT, env, system);
        LayeredProperties fromMaps = LayeredProperties.fromLayers(read(LayeredProperties.APPLICATION_FILE),
                read(LayeredProperties.DEMO_FILE), env, system);

        assertThat(fromMaps.asMap()).isEqualTo(loaded.asMap());
    }

    @Test
    void environmentOverridesTheApplicationLayerAndSystemPropertiesOverrideBoth() {
        Map<String, String> application = Map.of(
                "tidemark.source.jdbc-url", URL,
                "tidemark.sync.batch-size", "100",
                "tidemark.sync.threads", "2");
        Properties system = new Properties();
        system.setProperty("tidemark.sync.threads", "5");
        Map<String, String> env = Map.of("TIDEMARK_SYNC_BATCH_SIZE", "200", "TIDEMARK_SYNC_THREADS", "4");

        LayeredProperties properties = LayeredProperties.fromLayers(application, Map.of(), env, system);

        assertThat(properties.value(Settings.SYNC_BATCH_SIZE)).isEqualTo(200);
        assertThat(properties.get("tidemark.sync.threads")).isEqualTo("5");
        assertThat(properties.get("tidemark.source.jdbc-url")).isEqualTo(URL);
    }

    @Test
    void theDemoLayerAppliesOnlyWhenNoSourceUrlIsSet() {
        Map<String, String> demo = Map.of("tidemark.sync.small-table-rows", "10000");

        LayeredProperties embedded = LayeredProperties.fromLayers(Map.of(), demo, Map.of(), new Properties());
        LayeredProperties ownDatabase = LayeredProperties.fromLayers(Map.of("tidemark.source.jdbc-url", URL), demo,
                Map.of(), new Properties());

        assertThat(embedded.get("tidemark.sync.small-table-rows")).isEqualTo("10000");
        assertThat(ownDatabase.get("tidemark.sync.small-table-rows"))
                .isEqualTo(Settings.named("tidemark.sync.small-table-rows").defaultValue());
    }

    @Test
    void applicationValuesAreTrimmedAsFileValuesAre() {
        LayeredProperties properties = LayeredProperties.fromLayers(Map.of("tidemark.sync.batch-size", " 700 "),
                Map.of(), Map.of(), new Properties());

        assertThat(properties.get("tidemark.sync.batch-size")).isEqualTo("700");
    }

    @Test
    void aMisspelledKeyInTheApplicationLayerIsRefusedWithOneLine() {
        assertThatThrownBy(() -> LayeredProperties.fromLayers(Map.of("tidemark.sink.diretory", "out"), Map.of(),
                Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.sink.diretory: is not a Tidemark property (check the spelling against"
                        + " config/application.properties)");
    }

    @Test
    void aDerivedValueInTheApplicationLayerIsRefused() {
        assertThatThrownBy(() -> LayeredProperties.fromLayers(Map.of("tidemark.effective.scheduled", "false"),
                Map.of(), Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("tidemark.effective.scheduled: sets a tidemark.effective.* value");
    }

    @Test
    void anInvalidValueInTheApplicationLayerIsRefusedNamingItsKey() {
        assertThatThrownBy(() -> LayeredProperties.fromLayers(Map.of("tidemark.sync.batch-size", "-5"), Map.of(),
                Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.sync.batch-size: must not be negative, got -5");
    }

    private static Map<String, String> read(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(REPO_ROOT.resolve(file), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }
}
