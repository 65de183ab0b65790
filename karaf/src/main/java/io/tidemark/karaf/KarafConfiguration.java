package io.tidemark.karaf;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Tidemark's configuration in Karaf: the Config Admin configuration of PID {@code io.tidemark}
 * ({@code etc/io.tidemark.cfg}) takes the place of {@code config/application.properties}, with the same
 * {@code tidemark.*} and {@code camel.*} keys; environment variables and system properties override it as they
 * override the file for the Camel Main jar. Everything else (precedence, validation, the one-line errors) is the
 * core's, through {@link LayeredProperties#fromLayers}.
 */
record KarafConfiguration(LayeredProperties properties, TidemarkConfig config) {

    /**
     * @param dictionary the component's configuration as Declarative Services hands it: the PID's keys and the
     *                   framework's own ({@code service.pid}, {@code component.name}, {@code felix.fileinstall.filename}),
     *                   which are not Tidemark's and are left out
     */
    static KarafConfiguration from(Map<String, ?> dictionary, Map<String, String> env, Properties system) {
        // no demo layer: the embedded demo database belongs to the Camel Main jar (refused below)
        LayeredProperties properties = LayeredProperties.fromLayers(tidemarkKeys(dictionary), Map.of(), env, system);
        TidemarkConfig config = TidemarkConfig.from(properties);
        if (config.source().embedded()) {
            throw new ConfigException(Settings.SOURCE_JDBC_URL.key(), "must be set in Karaf (the embedded demo database"
                    + " runs with the Camel Main jar only)");
        }
        return new KarafConfiguration(properties, config);
    }

    /** The {@code tidemark.*} and {@code camel.*} entries, as text (a .cfg file's values are strings already). */
    static Map<String, String> tidemarkKeys(Map<String, ?> dictionary) {
        Map<String, String> layer = new LinkedHashMap<>();
        dictionary.forEach((key, value) -> {
            if ((key.startsWith("tidemark.") || key.startsWith("camel.")) && value != null) {
                layer.put(key, String.valueOf(value));
            }
        });
        return layer;
    }

    /**
     * Where relative paths of the configuration ({@code tidemark.sink.directory}, {@code tidemark.state.directory})
     * resolve: {@code tidemark/} in the Karaf instance, outside {@code data/}, which {@code bin/karaf clean} wipes
     * together with the checkpoints in it.
     */
    static Path baseDirectory(String karafBase) {
        return (karafBase == null ? Path.of("") : Path.of(karafBase)).resolve("tidemark").toAbsolutePath();
    }
}
