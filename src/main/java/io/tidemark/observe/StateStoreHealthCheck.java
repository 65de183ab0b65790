package io.tidemark.observe;

import io.tidemark.state.StateStores;
import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;

/** Whether checkpoints can be written now (see {@link StateStores#writableProbe}); DOWN names why not. */
public final class StateStoreHealthCheck extends TidemarkHealthCheck {
    private final StateStores.WritableProbe probe;

    public StateStoreHealthCheck(StateStores.WritableProbe probe) {
        super("tidemark-state-store");
        this.probe = probe;
    }


    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            builder.detail("store", probe.check()).up();
        } catch (Exception e) {
            builder.message("checkpoints cannot be written: " + HealthMessages.firstLine(e)).down();
        }
    }
}
