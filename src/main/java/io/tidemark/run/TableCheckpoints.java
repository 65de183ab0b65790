package io.tidemark.run;

import io.tidemark.rows.RowBatch;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.time.Clock;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

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

    /** After the sink wrote {@code batch}. */
    public void save(@Body RowBatch batch, @ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        if (batch == null || batch.rows().isEmpty()) {
            return; // the position did not move
        }
        TableState state = context.plan().checkpoint(context.runId(), clock.instant());
        if (state != null) {
            states.save(state);
        }
    }

    /** After the loop: records the completed pass, unless the table was interrupted before its end. */
    public void complete(@ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        if (context.run().status() == TableRun.Status.INTERRUPTED) {
            return;
        }
        TableState state = context.plan().completed(context.runId(), clock.instant());
        if (state != null) {
            states.save(state);
        }
    }
}
