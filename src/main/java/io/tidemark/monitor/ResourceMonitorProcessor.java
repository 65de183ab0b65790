package io.tidemark.monitor;

import io.tidemark.run.SyncExchange;
import io.tidemark.run.TableRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every batch: observes the machine (a cached sample, microseconds), waits while the disk is full,
 * and sets the batch's size ({@link SyncExchange#BATCH_SIZE}) from the table's category, the memory level, the
 * widest rows read so far and the previous batch. The sample is left on the exchange as
 * {@link SyncExchange#RESOURCE_SAMPLE}.
 */
public final class ResourceMonitorProcessor implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceMonitorProcessor.class);

    private final ResourceGovernor governor;
    private final AdaptivePolicy policy;

    public ResourceMonitorProcessor(ResourceGovernor governor, AdaptivePolicy policy) {
        this.governor = governor;
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        ResourceSample sample = governor.observe();
        if (governor.diskFull()) {
            run.pressureEvent();
            governor.awaitDiskSpace(exchange);
        }
        PressureLevel memory = governor.memoryLevel();
        if (memory != PressureLevel.NONE || governor.cpuLevel() != PressureLevel.NONE) {
            run.pressureEvent();
        }
        int previous = run.lastBatchSize();
        AdaptivePolicy.Decision decision = policy.batchSize(run.table().category(), memory, previous, run.maxRowBytes(),
                sample.freeHeapBytes(), governor.threads(run.table().category()));
        if (previous > 0 && decision.value() != previous) {
            LOG.info("{} batch {} → {}: {}{}", run.table(), previous, decision.value(), decision.reason(),
                    memory == PressureLevel.NONE ? "" : " (" + sample.memoryDescription() + ")");
        }
        exchange.setProperty(SyncExchange.BATCH_SIZE, decision.value());
        exchange.setProperty(SyncExchange.RESOURCE_SAMPLE, sample);
    }
}
