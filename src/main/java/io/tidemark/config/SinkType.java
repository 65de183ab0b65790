package io.tidemark.config;

/**
 * Where records go ({@code tidemark.sink.type}). Written in the configuration as its {@link #label()}.
 */
public enum SinkType {
    FILE, JDBC, ENDPOINT;

    public String label() {
        return ValueTypes.label(this);
    }
}
