package io.tidemark.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Log lines as Fivetran's Partner SDK asks for them: one JSON object per line,
 * {@code {"level": "INFO|WARNING|SEVERE", "message": "...", "message-origin": "sdk_connector"}}, the message
 * escaped as JSON (the seed printed it raw, so a quote broke the line). The message names the logging class, and
 * an exception's class and first line, never its stack trace.
 */
public final class FivetranLogEncoder extends JsonLineEncoder {

    @Override
    void writeFields(JsonGenerator json, ILoggingEvent event) throws IOException {
        json.writeStringField("level", level(event.getLevel()));
        json.writeStringField("message", message(event));
        json.writeStringField("message-origin", "sdk_connector");
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
            String text = firstLine(thrown);
            message.append(" (").append(thrown.getClassName());
            if (text != null) {
                message.append(": ").append(text);
            }
            message.append(')');
        }
        return message.toString();
    }
}
