package io.tidemark.monitor;

import io.tidemark.run.SyncExchange;
import io.tidemark.run.TableRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs before every batch and sets its size ({@link SyncExchange#BATCH_SIZE}) from the table's category and
 * the processing policy.
 */
public final class ResourceMonitorProcessor implements Processor {
    private final ProcessingPolicy policy;

    public ResourceMonitorProcessor(ProcessingPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        exchange.setProperty(SyncExchange.BATCH_SIZE, policy.batchSize(run.table().category()));
    }
}
