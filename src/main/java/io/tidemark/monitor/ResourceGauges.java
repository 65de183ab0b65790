package io.tidemark.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tidemark.discovery.SizeCategory;
import java.util.function.ToDoubleFunction;

/** Micrometer gauges of the latest resource sample and of each category's tables read at once. */
public final class ResourceGauges implements MeterBinder {
    private final ResourceMonitor monitor;
    private final TableSlots slots;

    public ResourceGauges(ResourceMonitor monitor, TableSlots slots) {
        this.monitor = monitor;
        this.slots = slots;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "tidemark.resources.cpu.percent", ResourceSample::cpuPercent);
        gauge(registry, "tidemark.resources.memory.percent", ResourceSample::systemMemoryPercent);
        gauge(registry, "tidemark.resources.heap.percent", ResourceSample::heapPercent);
        gauge(registry, "tidemark.resources.disk.percent", ResourceSample::diskPercent);
        for (SizeCategory category : SizeCategory.values()) {
            Gauge.builder("tidemark.category.threads", slots, s -> s.threads(category)).tag("category", category.label())
                    .description("tables of the category read at once").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<ResourceSample> value) {
        Gauge.builder(name, monitor, m -> m.latest() == null ? Double.NaN : value.applyAsDouble(m.latest())).register(registry);
    }
}
