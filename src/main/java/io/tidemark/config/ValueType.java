package io.tidemark.config;

/**
 * How the text of one setting becomes a value. A value Tidemark cannot run with is a {@link ConfigException}
 * naming the setting's key, so every source (file, environment, system property, profile) fails the same way.
 */
@FunctionalInterface
public interface ValueType<T> {
    T parse(String key, String text);
}
