package io.tidemark.quarkus;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * Tidemark's gauges (resources, pressure, threads per category) live in the registry the assembly builds; Quarkus
 * scrapes its own. This binder shows each of the assembly's gauges in Quarkus' registry, read live, so
 * {@code /q/metrics} has them beside Camel's and the JVM's meters.
 */
@ApplicationScoped
public class TidemarkMeters {

    @Produces
    @Singleton
    MeterBinder tidemarkGauges() {
        Object tidemark = Hosted.current().assembly().beans().get(MicrometerConstants.METRICS_REGISTRY_NAME);
        return registry -> {
            if (tidemark instanceof MeterRegistry gauges) {
                gauges.getMeters().forEach(meter -> show(meter, registry));
            }
        };
    }

    private static void show(Meter meter, MeterRegistry registry) {
        if (meter instanceof Gauge gauge) {
            Meter.Id id = gauge.getId();
            Gauge.builder(id.getName(), gauge, Gauge::value).tags(id.getTags()).description(id.getDescription())
                    .baseUnit(id.getBaseUnit()).register(registry);
        }
    }
}
