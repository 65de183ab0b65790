package io.tidemark.extract;

import java.util.List;

/**
 * Where a keyset read starts: nothing (from the first row), after a full key (exclusive, the last row
 * written), or from a value of the first key column on (inclusive, e.g. a cursor value the snapshot began at).
 * Values are PostgreSQL's text of the typed values.
 */
public record KeysetPosition(List<String> values, boolean inclusive) {
    public static final KeysetPosition START = new KeysetPosition(List.of(), false);

    public static KeysetPosition after(List<String> key) {
        return new KeysetPosition(List.copyOf(key), false);
    }

    public static KeysetPosition fromFirstValue(String value) {
        return new KeysetPosition(List.of(value), true);
    }

    public boolean isStart() {
        return values.isEmpty();
    }
}
