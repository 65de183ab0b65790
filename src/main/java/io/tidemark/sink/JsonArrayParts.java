package io.tidemark.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a batch's serialized records into JSON array bodies within {@link MessageCaps}: a part is handed on when the
 * next record would take it over either cap, and a record too large for {@code max-bytes} on its own goes alone, with
 * a warning. The body grows one record at a time and its size is counted as it grows (the record's bytes plus one
 * separator), never measured again (the seed re-measured the whole message for every record).
 */
final class JsonArrayParts {
    private static final Logger LOG = LoggerFactory.getLogger(JsonArrayParts.class);

    /** Receives each finished part: its JSON array body, 1-based number, record count and whether it is the last. */
    @FunctionalInterface
    interface PartSender {
        void send(byte[] body, int part, int records, boolean last) throws IOException;
    }

    private final MessageCaps caps;
    private final PartSender sender;
    private final String label;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int records;
    private int partsSent;

    /** @param label what the records are, for the warning about an oversized one */
    JsonArrayParts(MessageCaps caps, PartSender sender, String label) {
        this.caps = caps;
        this.sender = sender;
        this.label = label;
    }

    /** Adds one serialized record (a JSON object), first sending the open part when the record would not fit in it. */
    void add(byte[] record) throws IOException {
        if (records > 0 && !caps.admit(records + 1, sizeWith(record.length))) {
            send(false);
        }
        if (records == 0 && !caps.admit(1, sizeWith(record.length))) {
            LOG.warn("A record of {} is {} bytes, over tidemark.sink.max-bytes ({}): sent alone as part {}",
                    label, sizeWith(record.length), caps.maxBytes(), partsSent + 1);
        }
        body.write(records == 0 ? '[' : ',');
        body.write(record);
        records++;
    }

    /** Sends the last part; a batch without records sends nothing. */
    void finish() throws IOException {
        if (records > 0) {
            send(true);
        }
    }

    /** The body's size with one more record: the brackets, the records and a comma between two. */
    private long sizeWith(int recordBytes) {
        // the open body holds '[' and the records with their commas; ',' or '[' and the closing ']' are added
        return (long) body.size() + 1 + recordBytes + 1;
    }

    private void send(boolean last) throws IOException {
        body.write(']');
        byte[] message = body.toByteArray();
        int count = records;
        body.reset();
        records = 0;
        partsSent++;
        sender.send(message, partsSent, count, last);
    }
}
