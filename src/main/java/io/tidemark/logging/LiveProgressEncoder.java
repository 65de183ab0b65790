package io.tidemark.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Marker;

/**
 * Text log lines on a terminal with the tables' progress as one live line at the bottom, rewritten in place instead
 * of scrolling: a progress line ({@link LogContext#PROGRESS}) replaces its table's part of the live line; any other
 * line is printed above it, and the live line is drawn again below; a table's last line
 * ({@link LogContext#TABLE_DONE}) removes its part. Lines go through the configured text layout unchanged.
 */
final class LiveProgressEncoder extends EncoderBase<ILoggingEvent> {
    /** Back to the line's start, and erase it. */
    static final String CLEAR_LINE = "\r\033[K";
    private static final String SEPARATOR = "  |  ";

    private final Layout<ILoggingEvent> layout;
    private final int width;
    /** The latest progress of each running table, by table, in the order they began to report. */
    private final Map<String, String> progress = new LinkedHashMap<>();

    /** @param width the terminal's columns: a longer live line is cut, as a wrapped one could not be rewritten */
    LiveProgressEncoder(Layout<ILoggingEvent> layout, int width) {
        this.layout = layout;
        this.width = width;
    }

    @Override
    public byte[] headerBytes() {
        return new byte[0];
    }

    @Override
    public synchronized byte[] encode(ILoggingEvent event) {
        String table = event.getMDCPropertyMap().get(LogContext.TABLE);
        StringBuilder out = new StringBuilder(CLEAR_LINE);
        if (has(event, LogContext.PROGRESS)) {
            progress.put(table == null ? "" : table, event.getFormattedMessage());
        } else {
            if (has(event, LogContext.TABLE_DONE) && table != null) {
                progress.remove(table);
            }
            out.append(layout.doLayout(event));
        }
        out.append(liveLine());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String liveLine() {
        String line = String.join(SEPARATOR, progress.values());
        return line.length() < width ? line : line.substring(0, Math.max(0, width - 2)) + "…";
    }

    private static boolean has(ILoggingEvent event, Marker marker) {
        return event.getMarkerList() != null && event.getMarkerList().stream().anyMatch(m -> m.contains(marker));
    }

    @Override
    public byte[] footerBytes() {
        return (CLEAR_LINE).getBytes(StandardCharsets.UTF_8);
    }
}
