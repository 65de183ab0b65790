package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real transient failure in the middle of a table: Tidemark's connections are terminated by the server
 * between two pages. The failed page is retried from the same key position, so the table completes with
 * every row exactly once, and nothing is read again from the first row.
 */
class TransientFailureRetryTest {

    @Test
    void connectionsKilledMidTableAreRetriedFromTheFailedPage(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, payload text);"
                    + "INSERT INTO public.events SELECT g, repeat('x', 50) || g FROM generate_series(1, 5000) g; ANALYZE;");
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.batch-size", "500");
            AtomicInteger batches = new AtomicInteger();
            AtomicInteger terminated = new AtomicInteger();
            AtomicBoolean redelivered = new AtomicBoolean();

            CycleReport report;
            try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
                // before the batch sizing of the 4th batch: kill every backend of Tidemark's pool
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("batch-sizing")
                        .before().process(exchange -> {
                            if (Boolean.TRUE.equals(exchange.getMessage().getHeader(Exchange.REDELIVERED, Boolean.class))) {
                                redelivered.set(true);
                            }
                            if (batches.incrementAndGet() == 4) {
                                terminated.set(terminateTidemarkSessions(database));
                            }
                        }));
                report = runtime.runSyncCycle();
            }

            assertThat(terminated.get()).as("sessions terminated").isPositive();
            assertThat(redelivered.get()).as("a batch was redelivered").isTrue();
            assertThat(report.succeeded()).isTrue();
            TableRun events = report.tables().get(0);
            assertThat(events.rows()).isEqualTo(5000);
            assertThat(events.batches()).isEqualTo(10);
            JsonlDataset.read(work.resolve("out/public.events")).assertEqualsTable(database, "public", "events");
        }
    }

    private static int terminateTidemarkSessions(TestDatabase database) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = 'tidemark' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
