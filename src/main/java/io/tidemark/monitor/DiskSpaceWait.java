package io.tidemark.monitor;

import org.apache.camel.CamelContext;

/**
 * Holds back the next batch while the file store of the sink or state folder is over its critical use, so no
 * file is left half written on a full disk; the wait ends when space returns or Tidemark stops.
 */
public final class DiskSpaceWait {
    private final PressureLevels levels;

    public DiskSpaceWait(PressureLevels levels) {
        this.levels = levels;
    }

    /** Waits while the disk is full; true when it was full (the batch was delayed), false when it went on at once. */
    public boolean awaitSpace(CamelContext camel) throws InterruptedException {
        if (!levels.diskFull()) {
            return false;
        }
        while (levels.diskFull() && !CamelStopping.underway(camel)) {
            Thread.sleep(levels.waitMillis());
            levels.observe();
        }
        return true;
    }
}
