package io.tidemark.config;

/**
 * A configuration value that Tidemark cannot run with. Its message is one line that names the property,
 * so that {@code --once} can print it as is and exit 2.
 */
public final class ConfigException extends RuntimeException {
    private final String property;

    public ConfigException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
