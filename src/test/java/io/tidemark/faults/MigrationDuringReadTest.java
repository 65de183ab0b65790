package io.tidemark.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.rows.RowBatch;
import io.tidemark.run.CycleReport;
import io.tidemark.run.ReadMode;
import io.tidemark.run.TableRun;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration ({@code ALTER TABLE ... ADD COLUMN}, then {@code DROP COLUMN}) while a table is being read: each needs
 * an {@code ACCESS EXCLUSIVE} lock, which a read holds back only for as long as one page or range of pages takes,
 * never for the whole table. The migration ends while the table's batches are still being written, and the table
 * still arrives complete and exact.
 */
class MigrationDuringReadTest {
    private static final int ROWS = 60_000;
    private static final int BATCH = 1_000;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "keyless, 'CREATE TABLE public.t (n integer, v text)', PAGES",
            "keyed, 'CREATE TABLE public.t (n integer PRIMARY KEY, v text)', SNAPSHOT",
    })
    void aMigrationGetsItsLockWhileTheTableIsStillBeingRead(String label, String ddl, ReadMode mode, @TempDir Path work)
            throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute(ddl + "; INSERT INTO public.t SELECT g, 'row ' || g FROM generate_series(1, " + ROWS + ") g");
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.batch-size", Integer.toString(BATCH));
            properties.setProperty("tidemark.freshness.enabled", "false");
            AtomicInteger written = new AtomicInteger();
            AtomicInteger writtenWhenMigrated = new AtomicInteger();
            CompletableFuture<Long> migration = new CompletableFuture<>();
            CycleReport report;
            try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("write-batch")
                        .after().process(exchange -> {
                            RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
                            if (!batch.dataset().equals("public.t")) {
                                return;
                            }
                            if (written.incrementAndGet() == 5) {
                                CompletableFuture.runAsync(() -> migrate(database, migration, written, writtenWhenMigrated));
                            }
                            Thread.sleep(20); // a read long enough for the migration to have to wait for it
                        }));
                report = runtime.runSyncCycle();
            }

            long migrationMillis = migration.get(1, TimeUnit.MINUTES);
            TableRun run = report.tables().get(0);
            assertThat(run.status()).isEqualTo(TableRun.Status.SUCCESS);
            assertThat(writtenWhenMigrated.get()).as("batches written when the migration had run (of %d)", ROWS / BATCH)
                    .isLessThan(ROWS / BATCH / 2);
            assertThat(migrationMillis).as("the migration's wait for its locks, ms").isLessThan(5_000);
            assertThat(run.mode()).isEqualTo(mode);
            JsonlDataset.read(work.resolve("out/public.t")).assertEqualsTable(database, "public", "t");
        }
    }

    /** Runs the migration in a session of its own, completing {@code took} with how long it took. */
    private static void migrate(TestDatabase database, CompletableFuture<Long> took, AtomicInteger written,
                                AtomicInteger writtenWhenMigrated) {
        long started = System.nanoTime();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = '30s'");
            statement.execute("ALTER TABLE public.t ADD COLUMN added integer");
            statement.execute("ALTER TABLE public.t DROP COLUMN added");
            writtenWhenMigrated.set(written.get());
            took.complete((System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            took.completeExceptionally(e);
        }
    }
}
