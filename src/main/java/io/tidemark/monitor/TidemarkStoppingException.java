package io.tidemark.monitor;

/** Work that was not done because Tidemark is stopping; the table is reported as interrupted, not failed. */
public final class TidemarkStoppingException extends RuntimeException {
    public TidemarkStoppingException(String message) {
        super(message);
    }
}
