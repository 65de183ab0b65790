package io.tidemark.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tidemark.discovery.SizeCategory;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer gauges of the latest resource sample, of the pressure levels the policy acts on (0 none, 1 high,
 * 2 critical; disk: 1 full) and of each category's tables read at once. They read what is in memory: a scrape
 * takes no sample.
 */
public final class ResourceGauges implements MeterBinder {
    private final ResourceMonitor monitor;
    private final PressureLevels levels;
    private final TableSlots slots;

    public ResourceGauges(ResourceMonitor monitor, PressureLevels levels, TableSlots slots) {
        this.monitor = monitor;
        this.levels = levels;
        this.slots = slots;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "tidemark.resources.cpu.percent", ResourceSample::cpuPercent);
        gauge(registry, "tidemark.resources.memory.percent", ResourceSample::systemMemoryPercent);
        gauge(registry, "tidemark.resources.heap.percent", ResourceSample::heapPercent);
        gauge(registry, "tidemark.resources.disk.percent", ResourceSample::diskPercent);
        Gauge.builder("tidemark.pressure.level", levels, l -> l.memoryLevel().ordinal()).tag("resource", "memory")
                .description("0 none, 1 high, 2 critical").register(registry);
        Gauge.builder("tidemark.pressure.level", levels, l -> l.cpuLevel().ordinal()).tag("resource", "cpu")
                .description("0 none, 1 high, 2 critical").register(registry);
        Gauge.builder("tidemark.pressure.level", levels, l -> l.diskFull() ? 1 : 0).tag("resource", "disk")
                .description("1 while the sink's or state's disk is full").register(registry);
        for (SizeCategory category : SizeCategory.values()) {
            Gauge.builder("tidemark.category.threads", slots, s -> s.threads(category)).tag("category", category.label())
                    .description("tables of the category read at once").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<ResourceSample> value) {
        Gauge.builder(name, monitor, m -> m.latest() == null ? Double.NaN : value.applyAsDouble(m.latest())).register(registry);
    }
}
