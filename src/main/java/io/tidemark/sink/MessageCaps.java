package io.tidemark.sink;

/**
 * The most records and body bytes one endpoint message may hold ({@code tidemark.sink.max-records},
 * {@code .max-bytes}); 0 = no cap.
 */
public record MessageCaps(int maxRecords, long maxBytes) {
    public static final MessageCaps NONE = new MessageCaps(0, 0);

    /** Whether a message of {@code records} records and {@code bytes} body bytes is within both caps. */
    public boolean admit(int records, long bytes) {
        return (maxRecords == 0 || records <= maxRecords) && (maxBytes == 0 || bytes <= maxBytes);
    }
}
