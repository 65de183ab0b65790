package io.tidemark.quarkus;

import io.tidemark.app.TidemarkAssembly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.CamelContext;
import org.apache.camel.component.microprofile.config.CamelMicroProfilePropertiesSource;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.quarkus.main.events.BeforeInitialize;

/**
 * Binds the {@link TidemarkAssembly} into Camel Quarkus, before Camel Main configures the context and loads the
 * routes: its beans into Camel's registry, its Camel properties as the override properties of Camel's
 * PropertiesComponent, and Camel's look-ups in the environment and system properties switched off, as
 * {@code TidemarkRuntime} does on Camel Main. Two things differ, both about metrics: Quarkus' micrometer
 * extension owns Camel's meters (so {@code camel.metrics.*}, Camel Main's metrics service, is left out and the
 * assembly's registry is not bound as Camel's), and {@link TidemarkMeters} shows Tidemark's gauges on /q/metrics.
 */
@ApplicationScoped
public class TidemarkBinding {
    void bind(@Observes BeforeInitialize event) {
        bind(event.getCamelContext(), Hosted.current().assembly());
    }

    static void bind(CamelContext camel, TidemarkAssembly assembly) {
        onlyTidemarkProperties((PropertiesComponent) camel.getPropertiesComponent());
        assembly.bindTo(camel, true);
    }

    /**
     * Camel Quarkus adds MicroProfile Config as a properties source: it holds Quarkus' view of the environment,
     * system properties and (in prod mode) {@code config/application.properties} unvalidated. Removed, so Camel
     * resolves from Tidemark's values only, as on Camel Main.
     */
    private static void onlyTidemarkProperties(PropertiesComponent properties) {
        properties.setAutoDiscoverPropertiesSources(false);
        properties.getPropertiesSources().removeIf(source -> source instanceof CamelMicroProfilePropertiesSource);
    }
}
