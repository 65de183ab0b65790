package io.tidemark.config;

/**
 * One Tidemark setting, declared once in {@link Settings}: its key, how its text is parsed and checked, its
 * default (as written in {@code config/application.properties}), a one-line description (the README's
 * configuration table) and whether it holds a secret (never handed to Camel, never printed).
 */
public record Setting<T>(String key, ValueType<T> type, String defaultValue, String doc, boolean secret) {

    /** The value of this setting in {@code text}. */
    public T parse(String text) {
        return type.parse(key, text);
    }

    /** The name of the environment variable that sets it: upper case, {@code .} and {@code -} turned into {@code _}. */
    public String environmentName() {
        return LayeredProperties.environmentName(key);
    }
}
