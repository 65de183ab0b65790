package io.tidemark.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check of Tidemark's own, in group {@code tidemark}: a readiness check only, since what it reports (a source or
 * store unreachable, a failed table) is not fixed by restarting Tidemark.
 */
public abstract class TidemarkHealthCheck extends AbstractHealthCheck {

    protected TidemarkHealthCheck(String id) {
        super("tidemark", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }
}
