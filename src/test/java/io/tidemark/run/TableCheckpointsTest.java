package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.state.FileStateStore;
import io.tidemark.state.TableState;
import io.tidemark.state.TableState.Phase;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * What a checkpoint records of the cycle that wrote it, in the real {@code extract-table} loop: the rows that cycle
 * has written of the table up to and including the batch checkpointed (the route accounts a batch in
 * {@code batchWritten}, between {@code write-batch} and {@code checkpoint-batch}), and the table's size category.
 * ({@code CheckpointsInDestinationTest} covers the checkpoint written in the batch's own transaction.)
 */
class TableCheckpointsTest {
    /** Five pages of 100 rows, the last one partial, so that no empty page ends the loop. */
    private static final int ROWS = 450;
    private static final int BATCH = 100;
    private static final String TABLE = "public.items";

    private static TestDatabase database;

    @BeforeAll
    static void createTable() {
        // no cursor column: a full-refresh table, read whole each cycle, its pass COMPLETE at the end
        database = TestDatabase.create();
        database.execute("CREATE TABLE public.items (id integer PRIMARY KEY, name text);"
                + "INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, " + ROWS + ") g; ANALYZE;");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void eachCheckpointCountsTheCyclesRowsUpToAndIncludingItsBatch(@TempDir Path work) throws Exception {
        FileStateStore store = new FileStateStore(work.resolve("state"));
        List<Long> runRowsAfterEachCheckpoint = new CopyOnWriteArrayList<>();
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            CamelContext camel = runtime.camelContext();
            AdviceWith.adviceWith(camel, "extract-table", route -> {
                route.weaveById("checkpoint-batch").before().to("mock:checkpoint");
                route.weaveById("checkpoint-batch").after()
                        .process(exchange -> runRowsAfterEachCheckpoint.add(store.load(TABLE).orElseThrow().runRows()));
            });
            // the first attempt at checkpointing batch 2 loses the connection: Camel tries that step again, and the
            // batch, accounted once before it, must not count twice
            MockEndpoint.resolve(camel, "mock:checkpoint").whenExchangeReceived(2, exchange -> {
                throw new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE);
            });

            report = runtime.runSyncCycle();
        }

        assertThat(report.tables().get(0).status()).isEqualTo(TableRun.Status.SUCCESS);
        assertThat(runRowsAfterEachCheckpoint).containsExactly(100L, 200L, 300L, 400L, 450L);
        TableState completed = store.load(TABLE).orElseThrow();
        assertThat(completed.phase()).isEqualTo(Phase.COMPLETE);
        assertThat(completed.runId()).isEqualTo(report.runId());
        assertThat(completed.runRows()).isEqualTo(ROWS);
        assertThat(completed.category()).isEqualTo("small");
    }

    @Test
    void aFailedCycleLeavesTheRowsOfItsLastCheckpointAndTheNextCycleCountsOnlyItsOwn(@TempDir Path work) throws Exception {
        FileStateStore store = new FileStateStore(work.resolve("state"));
        CycleReport failed;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            CamelContext camel = runtime.camelContext();
            AdviceWith.adviceWith(camel, "extract-table", route -> route.weaveById("checkpoint-batch").after()
                    .to("mock:checkpointed"));
            // after batch 2's checkpoint; not transient, so the table fails at once
            MockEndpoint.resolve(camel, "mock:checkpointed").whenExchangeReceived(2, exchange -> {
                throw new IllegalStateException("simulated failure after the checkpoint");
            });

            failed = runtime.runSyncCycle();
        }

        assertThat(failed.tables().get(0).status()).isEqualTo(TableRun.Status.FAILED);
        TableState interrupted = store.load(TABLE).orElseThrow();
        assertThat(interrupted.phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(interrupted.snapshotKey()).containsExactly("200");
        assertThat(interrupted.runId()).isEqualTo(failed.runId());
        assertThat(interrupted.runRows()).isEqualTo(200);
        assertThat(interrupted.category()).isEqualTo("small");

        CycleReport resumed;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            resumed = runtime.runSyncCycle();
        }

        assertThat(resumed.tables().get(0).rows()).isEqualTo(ROWS - 200);
        TableState completed = store.load(TABLE).orElseThrow();
        assertThat(completed.phase()).isEqualTo(Phase.COMPLETE);
        assertThat(completed.runId()).isEqualTo(resumed.runId());
        assertThat(completed.runRows()).as("the resumed cycle's own rows, not the pass's").isEqualTo(ROWS - 200);
    }

    private static Properties properties(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", Integer.toString(BATCH));
        properties.setProperty("tidemark.freshness.enabled", "false");
        return properties;
    }
}
