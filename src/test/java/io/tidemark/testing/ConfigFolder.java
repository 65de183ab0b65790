package io.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A folder holding a copy of the real {@code config/application.properties} (tests run from the repository
 * root), to load {@link LayeredProperties} and {@link TidemarkConfig} from with a given environment and system
 * properties, never the real ones.
 */
public final class ConfigFolder {
    private static final Path REAL_APPLICATION_FILE = Path.of("config/application.properties");

    private final Path base;

    public ConfigFolder(Path base) {
        this.base = base;
        try {
            Files.createDirectories(base.resolve("config"));
            Files.copy(REAL_APPLICATION_FILE, base.resolve(LayeredProperties.APPLICATION_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path base() {
        return base;
    }

    public void writeDemo(String content) throws IOException {
        Files.writeString(base.resolve(LayeredProperties.DEMO_FILE), content, StandardCharsets.UTF_8);
    }

    /** Replaces the line {@code key=} of the copied application file. */
    public void setInApplicationFile(String key, String value) throws IOException {
        Path file = base.resolve(LayeredProperties.APPLICATION_FILE);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int index = lines.indexOf(key + "=");
        assertThat(index).as("line '%s=' in the real application.properties", key).isNotNegative();
        lines.set(index, key + "=" + value);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public LayeredProperties load(Map<String, String> env, Properties system) {
        return LayeredProperties.load(base, env, system);
    }

    public TidemarkConfig config(Map<String, String> env, Properties system) {
        return TidemarkConfig.from(load(env, system));
    }

    /** System properties from key, value pairs. */
    public static Properties system(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }
}
