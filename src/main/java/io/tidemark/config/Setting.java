package io.tidemark.config;

/**
 * One Tidemark setting, declared once in {@link Settings}: its key, how its text is parsed and checked, its
 * default (as written in {@code config/application.properties}), a one-line description (the README's
 * configuration table) and whether it holds a secret (never handed to Camel, never printed).
 */
public record Setting<T>(String key, ValueType<T> type, String defaultValue, String doc, boolean secret) {

    /**
     * The value of this setting in {@code text}. A refused secret is reported without its value: the checks quote
     * what they refuse, and a mistyped URL or key is still a credential.
     */
    public T parse(String text) {
        try {
            return type.parse(key, text);
        } catch (ConfigException e) {
            if (secret && !text.isBlank() && e.getMessage().contains(text)) {
                String problem = e.getMessage().substring(key.length() + 2).replace(text, "(the value, hidden: it is secret)");
                throw new ConfigException(key, problem);
            }
            throw e;
        }
    }

    /** The name of the environment variable that sets it: upper case, {@code .} and {@code -} turned into {@code _}. */
    public String environmentName() {
        return LayeredProperties.environmentName(key);
    }
}
