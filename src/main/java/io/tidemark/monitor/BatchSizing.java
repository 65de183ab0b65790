package io.tidemark.monitor;

import io.tidemark.discovery.SizeCategory;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every batch: observes the machine (a cached sample, microseconds), waits while the disk is full,
 * and sets the batch's size from the table's category, the memory level, the widest rows read so far and the
 * previous batch (see the README's "Resource policy").
 */
public final class BatchSizing {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSizing.class);

    private final PressureLevels levels;
    private final TableSlots slots;
    private final DiskSpaceWait diskSpace;
    private final AdaptivePolicy policy;

    public BatchSizing(PressureLevels levels, TableSlots slots, DiskSpaceWait diskSpace, AdaptivePolicy policy) {
        this.levels = levels;
        this.slots = slots;
        this.diskSpace = diskSpace;
        this.policy = policy;
    }

    public void beforeBatch(BatchedTable table, CamelContext camel) throws InterruptedException {
        ResourceSample sample = levels.observe();
        if (diskSpace.awaitSpace(camel)) {
            table.pressureEvent();
        }
        PressureLevel memory = levels.memoryLevel();
        if (memory != PressureLevel.NONE || levels.cpuLevel() != PressureLevel.NONE) {
            table.pressureEvent();
        }
        SizeCategory category = table.table().category();
        int previous = table.lastBatchSize();
        AdaptivePolicy.Decision decision = policy.batchSize(category, memory, previous, table.maxRowBytes(),
                sample.freeHeapBytes(), slots.threads(category));
        if (previous > 0 && decision.value() != previous) {
            LOG.info("{} batch {} → {}: {}{}", table.table(), previous, decision.value(), decision.reason(),
                    memory == PressureLevel.NONE ? "" : " (" + sample.memoryDescription() + ")");
        }
        table.nextBatch(decision.value(), sample);
    }
}
