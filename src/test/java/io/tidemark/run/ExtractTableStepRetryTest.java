package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.rows.RowBatch;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * A failure woven into one step of the real {@code extract-table} loop, between the sink's durable write and the
 * {@code checkpoint-batch} step: a mock there fails the 3rd batch once. Camel's redelivery tries that step again
 * with the same batch (never the table from its first row, never the next page), so the sink writes every batch
 * once and the table ends complete. A failure that is not transient is not retried: the table fails at once.
 * ({@code TransientFailureRetryTest} covers a real connection loss while a page is read.)
 */
class ExtractTableStepRetryTest {
    /** Nine pages of 250 rows, the last one partial, so that no empty page ends the loop. */
    private static final int ROWS = 2_100;
    private static final int BATCH = 250;
    private static final int BATCHES = 9;

    private static TestDatabase database;

    @BeforeAll
    static void createTable() {
        database = TestDatabase.create();
        database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, payload text);"
                + "INSERT INTO public.events SELECT g, 'event ' || g FROM generate_series(1, " + ROWS + ") g; ANALYZE;");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aTransientFailureBeforeTheCheckpointRetriesThatStepWithTheSameBatch(@TempDir Path work) throws Exception {
        // the first attempt at checkpointing batch 3 loses the connection: tried again once, with the same batch
        Probed run = runFailingCheckpointOfBatch3(work,
                new PSQLException("An I/O error occurred while sending to the backend.", PSQLState.CONNECTION_FAILURE),
                BATCHES, BATCHES + 1, checkpoint -> {
                    checkpoint.message(2).header(Exchange.REDELIVERED).isNull();
                    checkpoint.message(3).header(Exchange.REDELIVERED).isEqualTo(true);
                    checkpoint.message(3).header(Exchange.REDELIVERY_COUNTER).isEqualTo(1);
                });

        // the retried attempt carried the same page as the failed one; the pages follow each other key by key
        assertThat(firstKeys(run.written())).containsExactly("1", "251", "501", "751", "1001", "1251", "1501", "1751", "2001");
        assertThat(firstKeys(run.checkpoint())).containsExactly("1", "251", "501", "501", "751", "1001", "1251", "1501", "1751",
                "2001");
        assertThat(run.report().succeeded()).isTrue();
        TableRun events = run.report().tables().get(0);
        assertThat(events.status()).isEqualTo(TableRun.Status.SUCCESS);
        assertThat(events.rows()).isEqualTo(ROWS);
        assertThat(events.batches()).isEqualTo(BATCHES);
        JsonlDataset.read(work.resolve("out/public.events")).assertEqualsTable(database, "public", "events");
        assertThat(Files.readString(work.resolve("state/tables/public.events.json"))).contains("\"" + run.report().runId() + "\"");
    }

    @Test
    void aFailureThatIsNotTransientFailsTheTableWithoutRetry(@TempDir Path work) throws Exception {
        Probed run = runFailingCheckpointOfBatch3(work, new SQLException("permission denied for table events", "42501"),
                3, 3, checkpoint -> checkpoint.allMessages().header(Exchange.REDELIVERED).isNull());

        TableRun events = run.report().tables().get(0);
        assertThat(events.status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(events.error()).contains("permission denied");
        assertThat(events.batches()).isEqualTo(3);
    }

    private record Probed(CycleReport report, MockEndpoint written, MockEndpoint checkpoint) {
    }

    /**
     * One cycle whose first attempt at checkpointing batch 3 throws {@code failure}; asserts how many batches the
     * sink wrote and how many checkpoint attempts were made, and the checkpoint mock's further {@code expectations}.
     */
    private static Probed runFailingCheckpointOfBatch3(Path work, Exception failure, int writes, int checkpoints,
                                                       Consumer<MockEndpoint> expectations) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work))) {
            CamelContext camel = runtime.camelContext();
            probe(camel);
            MockEndpoint written = MockEndpoint.resolve(camel, "mock:written");
            MockEndpoint checkpoint = MockEndpoint.resolve(camel, "mock:checkpoint");
            checkpoint.whenExchangeReceived(3, exchange -> {
                throw failure;
            });
            written.expectedMessageCount(writes);
            checkpoint.expectedMessageCount(checkpoints);
            expectations.accept(checkpoint);

            CycleReport report = runtime.runSyncCycle();

            MockEndpoint.assertIsSatisfied(camel, 10, TimeUnit.SECONDS);
            return new Probed(report, written, checkpoint);
        }
    }

    private static Properties properties(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", Integer.toString(BATCH));
        return properties;
    }

    /** Mocks in the real loop: after the sink's write, and right before the checkpoint step. */
    private static void probe(CamelContext camel) throws Exception {
        AdviceWith.adviceWith(camel, "extract-table", route -> {
            route.weaveById("write-batch").after().to("mock:written");
            route.weaveById("checkpoint-batch").before().to("mock:checkpoint");
        });
    }

    /** The id of each received batch's first row: where its page began. */
    private static List<String> firstKeys(MockEndpoint mock) {
        return mock.getReceivedExchanges().stream().map(e -> e.getMessage().getBody(RowBatch.class))
                .map(batch -> String.valueOf(batch.rows().get(0)[batch.columns().indexOf("id")])).toList();
    }
}
