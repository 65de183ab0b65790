package io.tidemark.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceTable;
import io.tidemark.run.SyncExchange;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.camel.Exchange;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns resource samples into pressure levels (with hysteresis) and applies the CPU level to every category's
 * number of tables read at once. Every change is logged once, with its reason. Shared by all extraction threads.
 */
public final class ResourceGovernor {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceGovernor.class);

    private final ResourceMonitor monitor;
    private final AdaptivePolicy policy;
    private final Thresholds thresholds;
    private final Map<SizeCategory, CategorySlots> slots = new EnumMap<>(SizeCategory.class);
    private PressureLevel memory = PressureLevel.NONE;
    private PressureLevel cpu = PressureLevel.NONE;
    private PressureLevel disk = PressureLevel.NONE;

    public ResourceGovernor(ResourceMonitor monitor, AdaptivePolicy policy, Thresholds thresholds) {
        this.monitor = monitor;
        this.policy = policy;
        this.thresholds = thresholds;
        for (SizeCategory category : SizeCategory.values()) {
            slots.put(category, new CategorySlots(policy.threads(category, PressureLevel.NONE)));
        }
    }

    /** Takes (or reuses) a sample and updates the levels and the categories' limits from it. */
    public ResourceSample observe() {
        ResourceSample sample = monitor.current();
        synchronized (this) {
            PressureLevel newMemory = memory.next(sample.memoryPercent(), thresholds.memoryHigh(), thresholds.memoryCritical(), thresholds.margin());
            if (newMemory != memory) {
                LOG.info("Memory pressure {} → {}: {} (high {}%, critical {}%)", label(memory), label(newMemory),
                        sample.memoryDescription(), number(thresholds.memoryHigh()), number(thresholds.memoryCritical()));
                memory = newMemory;
            }
            PressureLevel newCpu = cpu.next(sample.cpuPercent(), thresholds.cpuHigh(), thresholds.cpuCritical(), thresholds.margin());
            if (newCpu != cpu) {
                LOG.info("CPU pressure {} → {}: cpu {}% (high {}%, critical {}%)", label(cpu), label(newCpu),
                        number(sample.cpuPercent()), number(thresholds.cpuHigh()), number(thresholds.cpuCritical()));
                cpu = newCpu;
                for (SizeCategory category : SizeCategory.values()) {
                    CategorySlots categorySlots = slots.get(category);
                    int limit = policy.threads(category, cpu);
                    if (limit != categorySlots.limit()) {
                        LOG.info("{} tables at once {} → {}: cpu {}%", category.label(), categorySlots.limit(), limit,
                                number(sample.cpuPercent()));
                        categorySlots.limit(limit);
                    }
                }
            }
            PressureLevel newDisk = disk.next(sample.diskPercent(), thresholds.diskCritical(), thresholds.diskCritical(), thresholds.margin());
            if (newDisk != disk) {
                if (newDisk == PressureLevel.CRITICAL) {
                    LOG.warn("Disk {}% > {}%: writing pauses until space returns (below {}%)", number(sample.diskPercent()),
                            number(thresholds.diskCritical()), number(thresholds.diskCritical() - thresholds.margin()));
                } else {
                    LOG.info("Disk {}%: space is back, writing resumes", number(sample.diskPercent()));
                }
                disk = newDisk;
            }
        }
        return sample;
    }

    public synchronized PressureLevel memoryLevel() {
        return memory;
    }

    public synchronized PressureLevel cpuLevel() {
        return cpu;
    }

    public synchronized boolean diskFull() {
        return disk == PressureLevel.CRITICAL;
    }

    /** Tables of the category that may be read at once now. */
    public int threads(SizeCategory category) {
        return slots.get(category).limit();
    }

    /**
     * Step of the category sub-routes. Body: the table. Waits, observing the machine meanwhile, until a table of
     * its category may start; the slot is given back when the exchange completes.
     *
     * @throws TidemarkStoppingException when Tidemark stops while the table waits
     */
    public void acquireTableSlot(Exchange exchange) throws InterruptedException {
        SourceTable table = exchange.getMessage().getBody(SourceTable.class);
        if (!waitForSlot(table.category(), exchange)) {
            throw new TidemarkStoppingException(table + " was not started: Tidemark is stopping");
        }
    }

    /** Waits for a slot of the category; false, without a slot, when Tidemark is stopping. */
    private boolean waitForSlot(SizeCategory category, Exchange exchange) throws InterruptedException {
        CategorySlots categorySlots = slots.get(category);
        long waitMillis = Math.max(10, monitor.interval().toMillis());
        CategorySlots.Ticket ticket = categorySlots.join();
        try {
            while (!categorySlots.take(ticket, waitMillis)) {
                if (SyncExchange.stopping(exchange)) {
                    categorySlots.leave(ticket);
                    return false;
                }
                observe(); // the machine may have recovered while nothing of this category ran
            }
        } catch (InterruptedException e) {
            categorySlots.leave(ticket);
            throw e;
        }
        exchange.getExchangeExtension().addOnCompletion(new Synchronization() {
            @Override
            public void onComplete(Exchange done) {
                categorySlots.release();
            }

            @Override
            public void onFailure(Exchange done) {
                categorySlots.release();
            }
        });
        return true;
    }

    /** Waits while the sink's or state's disk is over its critical use; returns at once when Tidemark is stopping. */
    public void awaitDiskSpace(Exchange exchange) throws InterruptedException {
        long waitMillis = Math.max(10, monitor.interval().toMillis());
        while (diskFull() && !SyncExchange.stopping(exchange)) {
            Thread.sleep(waitMillis);
            observe();
        }
    }

    /** Gauges of the latest sample and of each category's limit, for the metrics registry. */
    public void registerMetrics(MeterRegistry registry) {
        gauge(registry, "tidemark.resources.cpu.percent", ResourceSample::cpuPercent);
        gauge(registry, "tidemark.resources.memory.percent", ResourceSample::systemMemoryPercent);
        gauge(registry, "tidemark.resources.heap.percent", ResourceSample::heapPercent);
        gauge(registry, "tidemark.resources.disk.percent", ResourceSample::diskPercent);
        for (SizeCategory category : SizeCategory.values()) {
            Gauge.builder("tidemark.category.threads", this, g -> g.threads(category)).tag("category", category.label())
                    .description("tables of the category read at once").register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, ToDoubleFunction<ResourceSample> value) {
        Gauge.builder(name, monitor, m -> m.latest() == null ? Double.NaN : value.applyAsDouble(m.latest())).register(registry);
    }

    private static String label(PressureLevel level) {
        return level.name().toLowerCase(Locale.ROOT);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
