package io.tidemark.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tidemark's properties, resolved with the contract's precedence: system property &gt; environment variable &gt;
 * profile ({@code tidemark.profile}) &gt; demo overlay (only for the embedded demo) &gt;
 * {@code config/application.properties}.
 * An environment variable matches a key upper-cased with {@code .} and {@code -} turned into {@code _}.
 */
public final class LayeredProperties {
    public static final String APPLICATION_FILE = "config/application.properties";
    /** Applied over the application file when the embedded demo database is used (empty source URL). */
    public static final String DEMO_FILE = "config/demo.properties";
    public static final String SOURCE_URL_KEY = "tidemark.source.jdbc-url";

    private final Map<String, String> values;
    private final Set<String> explicitKeys;

    private LayeredProperties(Map<String, String> values, Set<String> explicitKeys) {
        this.values = values;
        this.explicitKeys = explicitKeys;
    }

    /** Loads the layers from {@code baseDir}; {@code env} and {@code system} are passed in so tests can vary them. */
    public static LayeredProperties load(Path baseDir, Map<String, String> env, Properties system) {
        Path file = baseDir.resolve(APPLICATION_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(APPLICATION_FILE, "not found in " + baseDir.toAbsolutePath()
                    + " (run Tidemark from the folder that holds config/ and routes/)");
        }
        Map<String, String> merged = new LinkedHashMap<>(read(file));
        Set<String> explicit = new TreeSet<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : system.stringPropertyNames()) {
            if (isTidemarkOrCamel(key)) {
                overrides.put(key, system.getProperty(key));
            }
        }
        // Environment variables can only be matched to keys we know of (the name mapping is one-way).
        Set<String> knownKeys = new TreeSet<>(merged.keySet());
        knownKeys.addAll(ConfigKeys.ALL);
        for (String key : knownKeys) {
            String fromEnv = env.get(environmentName(key));
            if (fromEnv != null && !overrides.containsKey(key)) {
                overrides.put(key, fromEnv);
            }
        }
        String sourceUrl = overrides.getOrDefault(SOURCE_URL_KEY, merged.getOrDefault(SOURCE_URL_KEY, ""));
        Path demo = baseDir.resolve(DEMO_FILE);
        if (sourceUrl.isBlank() && Files.isRegularFile(demo)) {
            Map<String, String> demoValues = read(demo);
            merged.putAll(demoValues);
        }
        Profile profile = Profile.named(overrides.getOrDefault(Profile.KEY, merged.getOrDefault(Profile.KEY, "")));
        if (profile != null) {
            merged.putAll(profile.properties());
        }
        merged.putAll(overrides);
        explicit.addAll(overrides.keySet());
        return new LayeredProperties(Collections.unmodifiableMap(merged), Collections.unmodifiableSet(explicit));
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean isTidemarkOrCamel(String key) {
        return key.startsWith("tidemark.") || key.startsWith("camel.");
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String key : properties.stringPropertyNames()) {
            map.put(key, properties.getProperty(key).trim());
        }
        return map;
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    public boolean isExplicit(String key) {
        return explicitKeys.contains(key);
    }

    public Map<String, String> asMap() {
        return values;
    }
}
