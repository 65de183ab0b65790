package io.tidemark.monitor;

import org.apache.camel.CamelContext;

/** Whether Tidemark is shutting down, for the waits and loops that must then end. */
public final class CamelStopping {
    private CamelStopping() {
    }

    /**
     * Whether Camel is stopping or has stopped. Both count: a wait that wakes only after a quick stop has
     * completed must end too.
     */
    public static boolean underway(CamelContext camel) {
        return camel.isStopping() || camel.isStopped();
    }
}
