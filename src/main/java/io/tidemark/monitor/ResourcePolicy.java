package io.tidemark.monitor;

import io.tidemark.config.TidemarkConfig;

/**
 * The resource policy's parts as every reader of tables uses them, built one way: the pressure levels from the
 * configured thresholds over a {@link ResourceMonitor}, each category's table slots, and the batch sizing.
 *
 * @param levels the machine's pressure, with hysteresis
 * @param slots  how many tables of each category are read at once
 * @param sizing each batch's size, decided before it is read
 */
public record ResourcePolicy(PressureLevels levels, TableSlots slots, BatchSizing sizing) {

    public static ResourcePolicy of(ProcessingPolicy base, TidemarkConfig.Monitor monitor, ResourceMonitor resources) {
        AdaptivePolicy adaptive = new AdaptivePolicy(base);
        PressureLevels levels = new PressureLevels(resources, new Thresholds(monitor.memoryHigh(), monitor.memoryCritical(),
                monitor.cpuHigh(), monitor.cpuCritical(), monitor.diskCritical(), monitor.hysteresis()));
        TableSlots slots = new TableSlots(levels, adaptive);
        return new ResourcePolicy(levels, slots, new BatchSizing(levels, slots, new DiskSpaceWait(levels), adaptive));
    }
}
