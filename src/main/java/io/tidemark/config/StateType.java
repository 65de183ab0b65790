package io.tidemark.config;

/**
 * Where checkpoints live ({@code tidemark.state.type}). Written in the configuration as its {@link #label()}.
 */
public enum StateType {
    FILE, JDBC;

    public String label() {
        return ValueTypes.label(this);
    }
}
