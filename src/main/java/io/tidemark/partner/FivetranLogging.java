package io.tidemark.partner;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.LoggerFactory;

/**
 * Switches logging to Fivetran's format for the Partner SDK mode: every line on stdout as {@link FivetranLogEncoder}
 * writes it, in place of Tidemark's human-readable lines on stderr. Levels per logger stay as configured.
 */
public final class FivetranLogging {
    private FivetranLogging() {
    }

    public static void install() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another logging backend: its own configuration applies
        }
        FivetranLogEncoder encoder = new FivetranLogEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("FIVETRAN");
        stdout.setTarget("System.out");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stdout);
    }
}
