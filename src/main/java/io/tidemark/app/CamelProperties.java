package io.tidemark.app;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.fivetran.FivetranEndpoint;
import io.tidemark.monitor.ProcessingPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;

/**
 * The properties Camel resolves the routes' placeholders from, and nothing else: the resolved configuration
 * without its secrets, plus the values Tidemark derives from it ({@code tidemark.effective.*}: consumer counts,
 * queue sizes, delays in milliseconds, the Fivetran endpoint). Camel's own look-ups in the environment and the
 * JVM's system properties are switched off, so no value reaches a route without passing Tidemark's validation.
 */
public final class CamelProperties {

    static final String MANAGEMENT_ENABLED = "camel.management.enabled";

    private CamelProperties() {
    }

    /**
     * @param scheduled whether the Quartz schedules run (false for {@code --once})
     */
    static Map<String, Object> of(Path baseDir, TidemarkConfig config, LayeredProperties properties, ProcessingPolicy policy,
                                  boolean scheduled) {
        Map<String, Object> camel = new LinkedHashMap<>(properties.asMap());
        // no route needs a secret, and Camel prints its properties (masked only by the key's wording)
        Settings.secretKeys().forEach(camel::remove);
        camel.put(Settings.DERIVED_PREFIX + "scheduled", Boolean.toString(scheduled));
        if (!scheduled) {
            // --once ends within its cycle: no management server, which would also take the port of a scheduled Tidemark
            camel.put(MANAGEMENT_ENABLED, "false");
        }
        camel.put(Settings.DERIVED_PREFIX + "freshness-scheduled", Boolean.toString(scheduled && config.freshness().enabled()));
        // cluster.yaml's routes exist only on a cluster node, which a scheduled Tidemark is (--once joins no cluster)
        camel.put(Settings.DERIVED_PREFIX + "clustered", Boolean.toString(scheduled && config.cluster().enabled()));
        camel.put(Settings.DERIVED_PREFIX + "cluster.heartbeat-interval-ms", Long.toString(config.cluster().heartbeatInterval().toMillis()));
        for (SizeCategory category : SizeCategory.values()) {
            camel.put(Settings.DERIVED_PREFIX + category.label() + ".threads", Integer.toString(policy.threads(category)));
            camel.put(Settings.DERIVED_PREFIX + category.label() + ".queue-size", Integer.toString(policy.queueSize(category)));
        }
        camel.put(Settings.DERIVED_PREFIX + "retry-delay-ms", Long.toString(config.sync().retryDelay().toMillis()));
        camel.put(Settings.DERIVED_PREFIX + "max-retry-delay-ms", Long.toString(config.sync().maxRetryDelay().toMillis()));
        camel.putAll(FivetranEndpoint.camelProperties(config.fivetran()));
        camel.put(RouteFiles.KEY, RouteFiles.location(baseDir, properties.get(RouteFiles.KEY)));
        return camel;
    }

    /** Makes {@code context}'s placeholders resolve from the properties handed to it only. */
    public static void ignoreEnvironmentAndSystemProperties(CamelContext context) {
        PropertiesComponent properties = (PropertiesComponent) context.getPropertiesComponent();
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
    }
}
