package io.tidemark.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A log event as one JSON object on one line (escaped by Jackson: quotes and newlines never break the line). */
abstract class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];

    @Override
    public final byte[] headerBytes() {
        return NONE;
    }

    @Override
    public final byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            writeFields(json, event);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    /** The object's fields, in order. */
    abstract void writeFields(JsonGenerator json, ILoggingEvent event) throws IOException;

    @Override
    public final byte[] footerBytes() {
        return NONE;
    }

    /** The first line of a failure's message; null without one. */
    static String firstLine(IThrowableProxy thrown) {
        String message = thrown.getMessage();
        return message == null ? null : message.lines().findFirst().orElse("");
    }
}
