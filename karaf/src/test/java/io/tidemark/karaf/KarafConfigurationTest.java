package io.tidemark.karaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KarafConfigurationTest {
    private static final String URL = "jdbc:postgresql://db:5432/shop";

    @Test
    void onlyTidemarksAndCamelsKeysOfTheDictionaryAreConfiguration() {
        Map<String, Object> dictionary = Map.of(
                "service.pid", "io.tidemark",
                "component.name", "io.tidemark",
                "felix.fileinstall.filename", "file:/opt/karaf/etc/io.tidemark.cfg",
                "tidemark.source.jdbc-url", URL,
                "camel.main.name", "tidemark");

        assertThat(KarafConfiguration.tidemarkKeys(dictionary))
                .containsOnlyKeys("tidemark.source.jdbc-url", "camel.main.name");
        KarafConfiguration configuration = KarafConfiguration.from(dictionary, Map.of(), new Properties());
        assertThat(configuration.config().source().jdbcUrl()).isEqualTo(URL);
    }

    @Test
    void theEnvironmentOverridesTheConfigurationAsItOverridesTheFile() {
        KarafConfiguration configuration = KarafConfiguration.from(Map.of("tidemark.source.jdbc-url", URL,
                "tidemark.sync.batch-size", "100"), Map.of("TIDEMARK_SYNC_BATCH_SIZE", "250"), new Properties());

        assertThat(configuration.properties().get("tidemark.sync.batch-size")).isEqualTo("250");
    }

    @Test
    void withoutASourceUrlTheEmbeddedDemoIsRefused() {
        assertThatThrownBy(() -> KarafConfiguration.from(Map.of(), Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.source.jdbc-url: must be set in Karaf (the embedded demo database runs with the"
                        + " Camel Main jar only)");
    }

    @Test
    void aMisspelledKeyIsTheCoresOneLineError() {
        assertThatThrownBy(() -> KarafConfiguration.from(Map.of("tidemark.source.jdbc-url", URL,
                "tidemark.sink.diretory", "out"), Map.of(), new Properties()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.sink.diretory: is not a Tidemark property (check the spelling against"
                        + " config/application.properties)");
    }

    @Test
    void relativePathsResolveInTheKarafInstanceOutsideItsDataFolder() {
        assertThat(KarafConfiguration.baseDirectory("/opt/karaf")).isEqualTo(Path.of("/opt/karaf/tidemark"));
    }
}
