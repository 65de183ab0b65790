package io.tidemark.sink;

/**
 * Flattening a record's JSON objects would give two of its fields one name: the batch is refused rather than one
 * value silently replacing the other. Not transient, so the table fails at once.
 */
public final class FlattenedNameCollision extends IllegalStateException {
    public FlattenedNameCollision(String name) {
        super("tidemark.sink.flatten-json: two fields of one record would both be named '" + name
                + "'; rename the column or turn flattening off for this source");
    }
}
