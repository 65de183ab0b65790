package io.tidemark.config;

/** How log lines look ({@code tidemark.log.format}): readable text, or one JSON object per line for log shippers. */
public enum LogFormat {
    TEXT, JSON;

    public String label() {
        return ValueTypes.label(this);
    }
}
