package io.tidemark.monitor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.CgroupInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Samples the machine with OSHI and the JVM, without blocking: CPU load is the difference of the system's tick
 * counters since the previous sample (never a sleeping 1-second measurement), less what Tidemark's own process
 * used over that time ({@link OtherProcessesCpu}); memory is the container's usage
 * of its limit when there is a limit, else the host's used memory; the heap is what was still in use after the
 * last garbage collection; disk is the fullest file store holding one of the watched folders.
 */
public final class OshiResourceSampler implements ResourceSampler {
    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem operatingSystem;
    private final List<Path> watchedFolders;
    private final Clock clock;
    private final OSProcess process;
    private long[] previousTicks;
    private long previousProcessCpuNanos;
    private long previousNanos;

    /** Creating the first {@link SystemInfo} takes a moment (about 0.7 s); it is reused for every sample. */
    public OshiResourceSampler(List<Path> watchedFolders, Clock clock) {
        SystemInfo system = new SystemInfo();
        this.processor = system.getHardware().getProcessor();
        this.memory = system.getHardware().getMemory();
        this.operatingSystem = system.getOperatingSystem();
        this.watchedFolders = List.copyOf(watchedFolders);
        this.clock = clock;
        this.process = operatingSystem.getCurrentProcess();
        this.previousTicks = processor.getSystemCpuLoadTicks();
        this.previousProcessCpuNanos = processCpuNanos();
        this.previousNanos = System.nanoTime();
    }

    @Override
    public synchronized ResourceSample sample() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        long processCpu = processCpuNanos();
        long now = System.nanoTime();
        double cpu = OtherProcessesCpu.percent(processor.getSystemCpuLoadBetweenTicks(previousTicks, ticks),
                processCpu - previousProcessCpuNanos, now - previousNanos, processor.getLogicalProcessorCount());
        previousTicks = ticks;
        previousProcessCpuNanos = processCpu;
        previousNanos = now;
        long maxHeap = Runtime.getRuntime().maxMemory();
        long heapAfterGc = heapUsedAfterLastCollection();
        return new ResourceSample(clock.instant(), Double.isFinite(cpu) ? cpu : Double.NaN, systemMemoryPercent(),
                maxHeap == Long.MAX_VALUE ? Double.NaN : heapAfterGc * 100.0 / maxHeap, diskPercent(),
                Math.max(0, maxHeap - heapAfterGc));
    }

    /** User and kernel time of all of Tidemark's threads so far (OSHI counts milliseconds). */
    private long processCpuNanos() {
        process.updateAttributes();
        return TimeUnit.MILLISECONDS.toNanos(process.getUserTime() + process.getKernelTime());
    }

    private double systemMemoryPercent() {
        CgroupInfo cgroup = operatingSystem.getCgroupInfo();
        if (cgroup != null && cgroup.isContainerized() && cgroup.getMemoryLimit() > 0
                && cgroup.getMemoryLimit() != CgroupInfo.UNLIMITED_MEMORY && cgroup.getMemoryLimit() < memory.getTotal()) {
            return cgroup.getMemoryUsage() * 100.0 / cgroup.getMemoryLimit();
        }
        long total = memory.getTotal();
        return total <= 0 ? Double.NaN : (total - memory.getAvailable()) * 100.0 / total;
    }

    /** Live data: heap pools' usage right after their last collection (the current usage before any GC ran). */
    private static long heapUsedAfterLastCollection() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP || !pool.isValid()) {
                continue;
            }
            MemoryUsage afterGc = pool.getCollectionUsage();
            used += afterGc != null && afterGc.getUsed() > 0 ? afterGc.getUsed() : pool.getUsage().getUsed();
        }
        return used;
    }

    private double diskPercent() {
        double fullest = Double.NaN;
        for (Path folder : watchedFolders) {
            try {
                FileStore store = Files.getFileStore(nearestExisting(folder));
                long total = store.getTotalSpace();
                if (total > 0) {
                    double used = (total - store.getUsableSpace()) * 100.0 / total;
                    fullest = Double.isNaN(fullest) ? used : Math.max(fullest, used);
                }
            } catch (IOException unreadable) {
                // a store that cannot be read says nothing about pressure
            }
        }
        return fullest;
    }

    private static Path nearestExisting(Path folder) {
        Path path = folder.toAbsolutePath();
        while (path != null && !Files.exists(path)) {
            path = path.getParent();
        }
        return path == null ? Path.of("").toAbsolutePath() : path;
    }
}
