package io.tidemark.karaf;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import org.apache.camel.CamelContext;

/**
 * The {@code camel.main.*} options of {@code config/application.properties} that Camel Main applies to its context
 * and that mean the same for a context created in OSGi: its name, the graceful-stop timeout and JMX. The others
 * are Camel Main's own: routes come from the bundle ({@link BundledRoutes}), and {@code camel.metrics.*}
 * configures Main's metrics service, which is not running here (Tidemark's gauges are in the
 * {@code metricsRegistry} bean all the same).
 */
final class CamelContextOptions {
    static final String NAME = "camel.main.name";
    static final String SHUTDOWN_TIMEOUT = "camel.main.shutdown-timeout";
    static final String JMX_ENABLED = "camel.main.jmx-enabled";

    private CamelContextOptions() {
    }

    /** Applies the options to {@code context}, which must not be started yet. */
    static void apply(CamelContext context, LayeredProperties properties) {
        String name = properties.get(NAME);
        if (!name.isEmpty()) {
            context.getCamelContextExtension().setName(name);
        }
        String timeout = properties.get(SHUTDOWN_TIMEOUT);
        if (!timeout.isEmpty()) {
            context.getShutdownStrategy().setTimeout(seconds(timeout));
        }
        if (properties.get(JMX_ENABLED).equalsIgnoreCase("false")) {
            context.disableJMX();
        }
    }

    private static long seconds(String text) {
        try {
            long seconds = Long.parseLong(text);
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new ConfigException(SHUTDOWN_TIMEOUT, "must be a positive number of seconds, got '" + text + "'");
    }
}
