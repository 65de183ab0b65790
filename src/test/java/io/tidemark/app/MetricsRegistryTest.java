package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Camel's metrics service ({@code camel.metrics.*}) and Tidemark's gauges share one Micrometer registry. */
class MetricsRegistryTest {

    @Test
    void camelRouteMetersAndTidemarkGaugesAreInOneRegistry(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE public.items (id integer PRIMARY KEY); INSERT INTO public.items VALUES (1), (2);");
            try (TidemarkRuntime runtime = Tidemark.runtime(Tidemark.against(database, work))) {
                runtime.runSyncCycle();

                Object registry = runtime.camelContext().getRegistry().lookupByName(MicrometerConstants.METRICS_REGISTRY_NAME);
                assertThat(registry).isInstanceOf(PrometheusMeterRegistry.class);
                String scraped = ((PrometheusMeterRegistry) registry).scrape();
                assertThat(scraped).contains("tidemark_resources_cpu_percent", "tidemark_category_threads{category=\"small\"}");
                assertThat(scraped).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"sync-cycle\"");
            }
        }
    }
}
