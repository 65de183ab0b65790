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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of Tidemark's configuration values. It resolves every {@code tidemark.*} key with the precedence
 * the README's "Configuration" section states: system property &gt; environment variable &gt; profile
 * ({@code tidemark.profile}) &gt; demo overlay (only for the embedded demo) &gt; {@code config/application.properties}
 * &gt; the declared default ({@link Settings}). An environment variable matches a key upper-cased with {@code .} and {@code -} turned into
 * {@code _}. Camel is handed the result and consults no other source (see the runtime's Camel properties), so
 * every value passes {@link TidemarkConfig}'s validation. Unknown {@code tidemark.*} keys and any attempt to set a
 * derived {@code tidemark.effective.*} value are refused.
 */
public final class LayeredProperties {
    public static final String APPLICATION_FILE = "config/application.properties";
    /** Applied over the application file when the embedded demo database is used (empty source URL). */
    public static final String DEMO_FILE = "config/demo.properties";
    private static final Logger LOG = LoggerFactory.getLogger(LayeredProperties.class);
    private static final String ENVIRONMENT_PREFIX = "TIDEMARK_";

    private final Map<String, String> values;
    /** Every declared setting's value, parsed and checked once, when loading. */
    private final Map<Setting<?>, Object> parsed;

    private LayeredProperties(Map<String, String> values) {
        this.values = values;
        Map<Setting<?>, Object> checked = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            checked.put(setting, setting.parse(get(setting.key())));
        }
        this.parsed = Collections.unmodifiableMap(checked);
    }

    /** Loads the layers from {@code baseDir}; {@code env} and {@code system} are passed in so tests can vary them. */
    public static LayeredProperties load(Path baseDir, Map<String, String> env, Properties system) {
        Path file = baseDir.resolve(APPLICATION_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(APPLICATION_FILE, "not found in " + baseDir.toAbsolutePath()
                    + " (run Tidemark from the folder that holds config/ and routes/)");
        }
        Path demo = baseDir.resolve(DEMO_FILE);
        return fromLayers(read(file), Files.isRegularFile(demo) ? read(demo) : Map.of(), env, system);
    }

    /**
     * Resolves the layers handed over as maps, for a runtime whose configuration is not a file in a base directory
     * (OSGi Config Admin). {@code application} takes the place of {@code config/application.properties} and
     * {@code demo} that of {@code config/demo.properties} (empty when there is none); precedence, validation and
     * refusals are those of {@link #load}, which resolves its files through this method too.
     */
    public static LayeredProperties fromLayers(Map<String, String> application, Map<String, String> demo,
                                               Map<String, String> env, Properties system) {
        Map<String, String> merged = new LinkedHashMap<>();
        Settings.all().forEach(setting -> merged.put(setting.key(), setting.defaultValue()));
        merged.putAll(trimmed(application));
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : system.stringPropertyNames()) {
            if (key.startsWith("tidemark.") || key.startsWith("camel.")) {
                overrides.put(key, system.getProperty(key));
            }
        }
        overrides.putAll(fromEnvironment(env, merged.keySet(), overrides.keySet()));
        String sourceUrl = overrides.getOrDefault(Settings.SOURCE_JDBC_URL.key(), merged.get(Settings.SOURCE_JDBC_URL.key()));
        if (sourceUrl.isBlank()) {
            merged.putAll(trimmed(demo));
        }
        Profile profile = Profile.named(overrides.getOrDefault(Profile.KEY, merged.get(Profile.KEY)));
        if (profile != null) {
            merged.putAll(profile.properties());
        }
        merged.putAll(overrides);
        merged.keySet().forEach(LayeredProperties::refuseUnknown);
        return new LayeredProperties(Collections.unmodifiableMap(merged));
    }

    /** File values are taken without surrounding blanks, as a properties file's trailing spaces are invisible. */
    private static Map<String, String> trimmed(Map<String, String> layer) {
        Map<String, String> values = new LinkedHashMap<>();
        layer.forEach((key, value) -> values.put(key, value.trim()));
        return values;
    }

    /**
     * The values environment variables set for {@code knownKeys} (the mapping of names is one-way, so only known
     * keys can be matched), except those a system property already sets. A variable aimed at a derived value is
     * refused; any other {@code TIDEMARK_} variable that matches no key is reported and ignored (a platform may
     * set such variables for a service of that name).
     */
    private static Map<String, String> fromEnvironment(Map<String, String> env, Set<String> knownKeys, Set<String> setBySystem) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String key : knownKeys) {
            byName.put(environmentName(key), key);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new TreeSet<>(env.keySet())) {
            String key = byName.get(name);
            if (key != null) {
                if (!setBySystem.contains(key)) {
                    values.put(key, env.get(name));
                }
            } else if (name.startsWith(environmentName(Settings.DERIVED_PREFIX))) {
                throw derivedRefused(name);
            } else if (name.startsWith(ENVIRONMENT_PREFIX)) {
                LOG.warn("Environment variable {} matches no Tidemark property; ignored", name);
            }
        }
        return values;
    }

    private static void refuseUnknown(String key) {
        if (Settings.derived(key)) {
            throw derivedRefused(key);
        }
        if (key.startsWith("tidemark.") && Settings.named(key) == null) {
            throw new ConfigException(key, "is not a Tidemark property (check the spelling against config/application.properties)");
        }
    }

    private static ConfigException derivedRefused(String name) {
        return new ConfigException(name, "sets a " + Settings.DERIVED_PREFIX + "* value, which Tidemark derives from"
                + " its other properties; remove it");
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
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
            map.put(key, properties.getProperty(key));
        }
        return map;
    }

    /** The text of {@code key} after resolution; empty when no layer sets it. */
    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** The value of {@code setting}, as parsed and checked when loading. */
    @SuppressWarnings("unchecked") // each value was parsed by its own setting
    public <T> T value(Setting<T> setting) {
        return (T) parsed.get(setting);
    }

    public Map<String, String> asMap() {
        return values;
    }
}
