package io.tidemark.run;

import io.tidemark.rows.RowBatch;
import io.tidemark.sink.CheckpointingWriter;
import io.tidemark.sink.RecordSink;
import io.tidemark.state.StateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.time.Clock;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Route steps that write a table's batches and checkpoint it: the sink writes each batch durably, and only then is
 * the position checkpointed; and once the table is complete. A crash between the write and the checkpoint reads
 * that one batch again on resume (at most one batch duplicated, nothing missing). Where the sink's database holds
 * the checkpoints too ({@link CheckpointingWriter}), batch and checkpoint are one transaction: nothing is read again.
 */
public final class TableCheckpoints {
    private final StateStore states;
    private final RecordSink sink;
    /** Null unless batches and checkpoints commit together. */
    private final CheckpointingWriter withCheckpoints;
    private final Clock clock;

    /** Checkpoints saved after each batch the sink wrote. */
    public TableCheckpoints(StateStore states, RecordSink sink, Clock clock) {
        this(states, sink, null, clock);
    }

    private TableCheckpoints(StateStore states, RecordSink sink, CheckpointingWriter withCheckpoints, Clock clock) {
        this.states = states;
        this.sink = sink;
        this.withCheckpoints = withCheckpoints;
        this.clock = clock;
    }

    /** Each batch written with its checkpoint in one transaction by {@code writer}; {@code states} is the same store. */
    public static TableCheckpoints inBatchTransactions(StateStore states, RecordSink sink, CheckpointingWriter writer,
                                                       Clock clock) {
        return new TableCheckpoints(states, sink, writer, clock);
    }

    /** The sink writes the batch durably (with its checkpoint, when they commit together). */
    public void write(@Body RowBatch batch, @ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        if (withCheckpoints == null) {
            context.assignment().beforeWrite();
            sink.write(batch);
        } else {
            // the route accounts this batch in the run (batchWritten) only after this step, yet the checkpoint
            // committed with it stands for the rows including it
            long rowsWithThisBatch = context.run().rows() + batch.size();
            withCheckpoints.write(batch, withRun(context.plan().checkpoint(context.runId(), clock.instant()),
                    rowsWithThisBatch, context), context.assignment().fence());
        }
    }

    /** After the sink wrote {@code batch}: checkpoints the position, unless the batch's transaction did. */
    public void save(@Body RowBatch batch, @ExchangeProperty(TableContext.PROPERTY) TableContext context) throws IOException {
        if (withCheckpoints != null || batch == null || batch.rows().isEmpty()) {
            return; // saved with the batch, or the position did not move
        }
        // batchWritten, the step before this one, has already counted the batch in the run
        TableState state = withRun(context.plan().checkpoint(context.runId(), clock.instant()), context.run().rows(), context);
        if (state != null) {
            states.save(state, context.assignment().fence());
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
        TableState state = withRun(context.plan().completed(context.runId(), clock.instant()), context.run().rows(), context);
        if (state != null) {
            states.save(state, context.assignment().fence());
        }
    }

    /**
     * {@code state} with what {@code status} shows of its cycle, the rows written so far and the table's category:
     * the state store is all {@code status} reads; null stays null (a table that has no checkpoint).
     */
    private static TableState withRun(TableState state, long rowsWritten, TableContext context) {
        return state == null ? null : state.withRun(rowsWritten, context.table().category().label());
    }
}
