package io.tidemark.run;

import io.tidemark.rows.RowBatch;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.time.Clock;
import org.apache.camel.Exchange;

/**
 * Route steps that checkpoint a table: after every batch the sink has durably written, and once the table is
 * complete. A crash between the write and the checkpoint reads that one batch again on resume (at most one
 * batch duplicated, nothing missing).
 */
public final class TableCheckpoints {
    private final StateStore states;
    private final Clock clock;

    public TableCheckpoints(StateStore states, Clock clock) {
        this.states = states;
        this.clock = clock;
    }

    /** After the sink wrote the batch in the body. */
    public void save(Exchange exchange) throws IOException {
        RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
        if (batch == null || batch.rows().isEmpty()) {
            return; // the position did not move
        }
        TableState state = plan(exchange).checkpoint(exchange.getProperty(SyncExchange.RUN_ID, String.class), clock.instant());
        if (state != null) {
            states.save(state);
        }
    }

    /** After the loop: records the completed pass, unless the table was interrupted before its end. */
    public void complete(Exchange exchange) throws IOException {
        TableRun run = exchange.getProperty(SyncExchange.TABLE_RUN, TableRun.class);
        if (run.status() == TableRun.Status.INTERRUPTED) {
            return;
        }
        TableState state = plan(exchange).completed(exchange.getProperty(SyncExchange.RUN_ID, String.class), clock.instant());
        if (state != null) {
            states.save(state);
        }
    }

    private static SyncPlan plan(Exchange exchange) {
        return exchange.getProperty(SyncExchange.PLAN, SyncPlan.class);
    }
}
