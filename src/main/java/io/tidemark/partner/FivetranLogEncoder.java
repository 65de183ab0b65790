package io.tidemark.partner;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Log lines as Fivetran's Partner SDK asks for them: one JSON object per line,
 * {@code {"level": "INFO|WARNING|SEVERE", "message": "...", "message-origin": "sdk_connector"}}, the message
 * escaped as JSON (the seed printed it raw, so a quote broke the line). The message names the logging class, and
 * an exception's class and first line, never its stack trace.
 */
public final class FivetranLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("level", level(event.getLevel()));
            json.writeStringField("message", message(event));
            json.writeStringField("message-origin", "sdk_connector");
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        line.write('\n');
        return line.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    static String level(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) {
            return "SEVERE";
        }
        return level.isGreaterOrEqual(Level.WARN) ? "WARNING" : "INFO";
    }

    private static String message(ILoggingEvent event) {
        String logger = event.getLoggerName();
        StringBuilder message = new StringBuilder(logger.substring(logger.lastIndexOf('.') + 1)).append(" - ")
                .append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            String text = thrown.getMessage();
            message.append(" (").append(thrown.getClassName());
            if (text != null) {
                message.append(": ").append(text.lines().findFirst().orElse(""));
            }
            message.append(')');
        }
        return message.toString();
    }
}
