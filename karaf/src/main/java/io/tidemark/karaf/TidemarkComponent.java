package io.tidemark.karaf;

import io.tidemark.app.TidemarkAssembly;
import io.tidemark.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiCamelContextPublisher;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidemark in Karaf: while the configuration {@code io.tidemark} exists, a Camel context runs the bundled routes
 * on the schedules ({@code tidemark.sync.cron}, {@code tidemark.freshness.cron}), wired by the same
 * {@link TidemarkAssembly} as the Camel Main jar. A changed configuration restarts it (Declarative Services
 * deactivates and activates the component again); a bad one is logged as the one line the Camel Main jar prints,
 * and the component stays inactive until the configuration is fixed.
 */
@Component(name = TidemarkComponent.PID, configurationPid = TidemarkComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {})
public final class TidemarkComponent {
    static final String PID = "io.tidemark";
    private static final Logger LOG = LoggerFactory.getLogger(TidemarkComponent.class);

    private TidemarkAssembly assembly;
    private CamelContext camel;

    @Activate
    void activate(BundleContext bundleContext, Map<String, Object> configuration) throws Exception {
        Path baseDir = KarafConfiguration.baseDirectory(bundleContext.getProperty("karaf.base"));
        try {
            KarafConfiguration karaf = KarafConfiguration.from(configuration, System.getenv(), System.getProperties());
            assembly = TidemarkAssembly.build(baseDir, karaf.config(), karaf.properties(), true);
            camel = new OsgiDefaultCamelContext(bundleContext);
            CamelContextOptions.apply(camel, karaf.properties());
        } catch (ConfigException e) {
            closeAssembly();
            LOG.error("tidemark: configuration error: {}", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            closeAssembly();
            LOG.error("tidemark: could not start: {}", e.getMessage(), e);
            throw e;
        }
        try {
            // lists the context as an OSGi service, where Camel Karaf's commands (camel:context-list) find it
            camel.getManagementStrategy().addEventNotifier(new OsgiCamelContextPublisher(bundleContext));
            assembly.bindTo(camel, false);
            BundledRoutes.loadInto(camel, bundleContext.getBundle());
            camel.start();
        } catch (Exception e) {
            LOG.error("tidemark: could not start: {}", e.getMessage(), e);
            deactivate();
            throw e;
        }
        LOG.info("Tidemark started: Camel context {} with {} routes, writing under {}", camel.getName(),
                camel.getRoutesSize(), baseDir);
    }

    /** Stops Camel (a running table stops after its current batch, within the shutdown timeout), then the pools. */
    @Deactivate
    void deactivate() {
        if (camel != null) {
            try {
                camel.close();
            } catch (Exception e) {
                LOG.warn("Stopping Tidemark's Camel context failed: {}", e.getMessage(), e);
            }
            camel = null;
        }
        closeAssembly();
    }

    private void closeAssembly() {
        if (assembly != null) {
            assembly.close();
            assembly = null;
        }
    }
}
