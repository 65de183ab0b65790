package io.tidemark.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;

/**
 * The console's log line format, switched once at start-up: Tidemark's JSON lines ({@code tidemark.log.format=json},
 * on stderr as the text lines are), the text lines with a live progress line (on a terminal), or Fivetran's JSON
 * lines for the Partner SDK mode (on stdout, as Fivetran reads them). The levels per logger stay as {@code logback.xml} sets them. Without logback (another SLF4J backend, as in
 * Quarkus or Karaf) nothing is changed: that backend's own configuration applies.
 */
public final class ConsoleLogs {
    /** The console appender of {@code logback.xml}. */
    private static final String TEXT_APPENDER = "STDERR";

    private ConsoleLogs() {
    }

    /** Tidemark's JSON lines on stderr ({@link JsonLogEncoder}). */
    public static void json() {
        use(new JsonLogEncoder(), "System.err");
    }

    /**
     * The text lines as configured, with the tables' progress as a live line at the bottom
     * ({@link LiveProgressEncoder}), for a terminal: {@code columns} wide.
     */
    public static void liveProgress(int columns) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(TEXT_APPENDER) instanceof ConsoleAppender<ILoggingEvent> text
                && text.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> configured) {
            use(new LiveProgressEncoder(configured.getLayout(), columns), text.getTarget());
        }
    }

    /** Fivetran's JSON lines on stdout ({@link FivetranLogEncoder}). */
    public static void fivetran() {
        use(new FivetranLogEncoder(), "System.out");
    }

    private static void use(Encoder<ILoggingEvent> encoder, String target) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setTarget(target);
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(console);
    }
}
