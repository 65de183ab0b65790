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

    /**
     * After a table turned out to be gone (dropped or renamed since discovery): its checkpoint is deleted, so a
     * table created later under that name starts with a full read instead of resuming from another table's
     * position. The failure handler's body, the run, stays as it is.
     */
    public void forgetIfGone(@Body TableRun run) throws IOException {
        if (run.status() == TableRun.Status.GONE) {
            states.delete(run.table().qualifiedName());
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
