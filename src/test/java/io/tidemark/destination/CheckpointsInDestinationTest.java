package io.tidemark.destination;

import static io.tidemark.destination.SameRows.assertSame;
import static io.tidemark.destination.SameRows.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.run.TableRun;
import io.tidemark.testing.Tidemark;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The jdbc checkpoint store in the jdbc sink's destination database, as the same user: each batch and its
 * checkpoint are one destination transaction. A crash right after a batch leaves its checkpoint saved (nothing is
 * read again), and a checkpoint that cannot be saved takes its batch with it.
 */
class CheckpointsInDestinationTest extends SourceAndDestination {
    private static final String SCHEMA = "replica";

    @BeforeEach
    void fiveBatches() {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 5000) g;");
    }

    @Test
    void aCrashAfterABatchFindsItsCheckpointCommittedWithIt() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        CycleReport crashed;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties())) {
            // after batch 3's write, before the route's own checkpoint step
            AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("write-batch")
                    .after().process(exchange -> {
                        if (batches.incrementAndGet() == 3) {
                            throw new IllegalStateException("simulated crash after the write");
                        }
                    }));
            crashed = runtime.runSyncCycle();
        }
        assertThat(crashed.tables().get(0).status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(count(destination, "SELECT count(*) FROM replica.events")).isEqualTo(3000);
        assertThat(checkpointedKey()).as("batch 3's checkpoint, committed with it").isEqualTo("3000");
        // committed before the route accounted batch 3 in the run, and still counting it
        assertThat(checkpointed("runRows")).isEqualTo("3000");
        assertThat(checkpointed("category")).isEqualTo("small");

        CycleReport resumed = cycle();

        assertThat(resumed.tables().get(0).rows()).as("only the two batches never written").isEqualTo(2000);
        assertThat(checkpointed("runRows")).as("the resumed cycle's own rows").isEqualTo("2000");
        assertSame(source, "public", "events", destination, SCHEMA);
    }

    @Test
    void aCheckpointThatCannotBeSavedRollsItsBatchBack() throws Exception {
        CycleReport failed;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties())) {
            // the store made its table on start; its second save fails, with a check violation (permanent)
            destination.execute("CREATE SEQUENCE public.saves;"
                    + "CREATE FUNCTION public.fail_second_save() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF nextval('public.saves') = 2 THEN"
                    + "  RAISE EXCEPTION 'simulated checkpoint failure' USING ERRCODE = '23514'; END IF;"
                    + " RETURN NEW; END $$;"
                    + "CREATE TRIGGER fail_second_save BEFORE INSERT ON public.tidemark_state"
                    + " FOR EACH ROW EXECUTE FUNCTION public.fail_second_save();");
            failed = runtime.runSyncCycle();
        }
        assertThat(failed.tables().get(0).status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(failed.tables().get(0).error()).contains("Writing batch 2 of public.events", "simulated checkpoint failure");
        assertThat(count(destination, "SELECT count(*) FROM replica.events")).as("batch 2 rolled back with its checkpoint")
                .isEqualTo(1000);
        assertThat(checkpointedKey()).isEqualTo("1000");
        assertThat(checkpointed("runRows")).as("batch 1's checkpoint, not the rolled back batch's").isEqualTo("1000");

        CycleReport resumed = cycle();

        assertThat(resumed.tables().get(0).rows()).isEqualTo(4000);
        assertSame(source, "public", "events", destination, SCHEMA);
    }

    /** The snapshot position of public.events in the destination's checkpoint table. */
    private String checkpointedKey() throws Exception {
        try (var connection = destination.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT state->'snapshotKey'->>0 FROM tidemark_state WHERE table_name = 'public.events'")) {
            assertThat(rs.next()).as("a checkpoint of public.events").isTrue();
            return rs.getString(1);
        }
    }

    /** A top-level field of public.events' checkpoint in the destination's checkpoint table, as text. */
    private String checkpointed(String field) throws Exception {
        try (var connection = destination.connect();
             var statement = connection.prepareStatement("SELECT state->>? FROM tidemark_state WHERE table_name = 'public.events'")) {
            statement.setString(1, field);
            try (var rs = statement.executeQuery()) {
                assertThat(rs.next()).as("a checkpoint of public.events").isTrue();
                return rs.getString(1);
            }
        }
    }

    private CycleReport cycle() throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties())) {
            return runtime.runSyncCycle();
        }
    }

    private Properties properties() {
        Properties properties = toDestination(SCHEMA);
        properties.setProperty("tidemark.state.type", "jdbc");
        properties.setProperty("tidemark.state.jdbc-url", destination.url());
        properties.setProperty("tidemark.state.username", destination.username());
        properties.setProperty("tidemark.state.password", destination.password());
        return properties;
    }
}
