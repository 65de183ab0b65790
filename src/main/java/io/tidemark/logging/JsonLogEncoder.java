package io.tidemark.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * {@code tidemark.log.format=json}: one JSON object per line, for log shippers: {@code time} (ISO-8601 UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, and when known the {@code run_id} and
 * {@code table} the line is about ({@link LogContext}), and a failure's {@code error_class} and the first line of
 * its message as {@code error} (no stack trace). Messages are the same as in the text format, where passwords are
 * already masked.
 */
public final class JsonLogEncoder extends JsonLineEncoder {

    @Override
    void writeFields(JsonGenerator json, ILoggingEvent event) throws IOException {
        json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        json.writeStringField("level", event.getLevel().toString());
        json.writeStringField("logger", event.getLoggerName());
        json.writeStringField("thread", event.getThreadName());
        json.writeStringField("message", event.getFormattedMessage());
        Map<String, String> context = event.getMDCPropertyMap();
        writeIfPresent(json, "run_id", context.get(LogContext.RUN_ID));
        writeIfPresent(json, "table", context.get(LogContext.TABLE));
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            json.writeStringField("error_class", thrown.getClassName());
            writeIfPresent(json, "error", firstLine(thrown));
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
