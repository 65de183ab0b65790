package io.tidemark.app;

import io.tidemark.config.ConfigException;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.monitor.OshiResourceSampler;
import io.tidemark.monitor.ResourceMonitor;
import io.tidemark.partner.ConnectorConfiguration;
import io.tidemark.logging.ConsoleLogs;
import io.tidemark.partner.PartnerServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code --port N}: Tidemark as a Fivetran Partner SDK source connector. Only the gRPC server runs, as a service of
 * a CamelContext without routes (no schedules, no sink, no freshness check); logs are Fivetran's JSON lines on
 * stdout. The server's own properties (monitor thresholds, cursor columns, session limits) come from the usual
 * layers; the source comes with each request.
 */
final class PartnerMode {
    /** How long calls under way may go on after SIGTERM before they are cancelled. */
    static final Duration DRAIN = Duration.ofSeconds(30);

    private PartnerMode() {
    }

    /** Parses the port of {@code --port N}; null when it is not a port number. */
    static Integer port(String value) {
        try {
            int port = Integer.parseInt(value);
            return port >= 0 && port <= 65535 ? port : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Serves until stopped; exit 2 on a configuration error, 1 when the port cannot be listened on. */
    static int run(int port, Path baseDir, Map<String, String> env, Properties system, PrintStream err) throws Exception {
        TidemarkConfig config;
        try {
            config = TidemarkConfig.from(LayeredProperties.load(baseDir, env, system));
        } catch (ConfigException e) {
            err.println(TidemarkMain.configurationError(e));
            return TidemarkMain.CONFIG_ERROR;
        }
        ConsoleLogs.fivetran();
        Clock clock = Clock.systemUTC();
        // no folders to watch: nothing is written to disk in this mode
        ResourceMonitor resources = new ResourceMonitor(new OshiResourceSampler(List.of(), clock), config.monitor().interval(), clock);
        PartnerServer server = new PartnerServer(port, new ConnectorConfiguration(baseDir, env, system), resources, DRAIN, clock);
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("false");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStart(BaseMainSupport camelMain) {
                try {
                    camelMain.getCamelContext().addService(server, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        main.run();
        if (server.startFailure() != null) {
            err.println("tidemark: cannot listen on port " + port + ": " + server.startFailure().getMessage());
            return TidemarkMain.FAILED;
        }
        return TidemarkMain.OK;
    }
}
