package io.tidemark.destination;

import static io.tidemark.destination.SameRows.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.RowBatch;
import io.tidemark.sink.CheckpointingWriter;
import io.tidemark.state.CheckpointFence;
import io.tidemark.state.FencedOutException;
import io.tidemark.state.JdbcStateStore;
import io.tidemark.state.TableState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch and its checkpoint in one destination transaction, under a fence (a cluster node's claim): when the fence
 * refuses, neither the batch nor the checkpoint is written.
 */
class FencedCheckpointTest extends SourceAndDestination {

    @Test
    void aRefusedFenceRollsBackTheBatchWithItsCheckpoint() throws Exception {
        // as Tidemark opens them: the sink's pool without autoCommit, the checkpoint store's with it
        try (HikariDataSource pool = pool(false); HikariDataSource control = pool(true)) {
            JdbcSink sink = new JdbcSink(pool, "replica");
            JdbcStateStore states = new JdbcStateStore(control);
            CheckpointingWriter writer = sink.checkpointingIn(states);
            SourceTable table = new SourceTable(1, "public", "events", false, 2, "reltuples", 0, null,
                    List.of(new SourceColumn("id", 1, "integer", "int4", "N", true, null, null),
                            new SourceColumn("v", 2, "text", "text", "S", false, null, null)),
                    List.of("id"), SizeCategory.SMALL);
            sink.prepare(table);
            RowBatch batch = new RowBatch("public.events", "run-1", 1, List.of("id", "v"),
                    List.<Object[]>of(new Object[] {1, "a"}, new Object[] {2, "b"}), Instant.now());
            TableState checkpoint = new TableState("public.events", TableState.Phase.SNAPSHOT, List.of("2"), null, null, null,
                    "run-1", "2026-11-29T12:00:00Z", List.of("id"), null);

            CheckpointFence lost = connection -> {
                throw new FencedOutException("public.events: checkpoint refused, its claim was taken over by another node");
            };
            assertThatThrownBy(() -> writer.write(batch, checkpoint, lost)).isInstanceOf(IOException.class)
                    .hasRootCauseInstanceOf(FencedOutException.class);
            assertThat(count(destination, "SELECT count(*) FROM replica.events")).isZero();
            assertThat(states.load("public.events")).isEmpty();

            writer.write(batch, checkpoint, CheckpointFence.NONE);
            assertThat(count(destination, "SELECT count(*) FROM replica.events")).isEqualTo(2);
            assertThat(states.load("public.events")).hasValue(checkpoint);
        }
    }

    private HikariDataSource pool(boolean autoCommit) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(destination.url());
        pool.setUsername(destination.username());
        pool.setPassword(destination.password());
        pool.setAutoCommit(autoCommit);
        return pool;
    }
}
