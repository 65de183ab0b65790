package io.tidemark.quarkus;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.tidemark.app.TidemarkAssembly;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Tidemark's own meters (tables, cycles, pressure, freshness decisions, Fivetran calls) live in the assembly's
 * registry; Quarkus scrapes its own. This binder shows them in Quarkus' registry as well, so
 * {@code /q/metrics} has every Tidemark meter, those registered later too (per table, per answer), beside Camel's
 * and the JVM's meters.
 */
@ApplicationScoped
public class TidemarkMeters {

    @Produces
    @Singleton
    MeterBinder tidemarkMeters() {
        Object tidemark = Hosted.current().assembly().beans().get(TidemarkAssembly.TIDEMARK_METERS);
        return registry -> {
            if (tidemark instanceof io.tidemark.observe.TidemarkMeters meters) {
                meters.alsoIn(registry);
            }
        };
    }
}
