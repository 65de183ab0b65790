package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tidemark's sessions on the source carry {@code lock_timeout} and {@code statement_timeout}: a read never waits
 * in a lock queue behind a migration (it gives up, backs off and retries the page), and a statement that runs
 * too long is cancelled.
 */
class SourceSessionLimitsTest {
    private static TestDatabase database;
    private static String reader;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.migrating (id integer PRIMARY KEY, name text);
                INSERT INTO public.migrating SELECT g, 'n' || g FROM generate_series(1, 500) g;
                CREATE TABLE public.calm (id integer PRIMARY KEY);
                INSERT INTO public.calm SELECT generate_series(1, 50);
                -- every row of this table costs 50 ms to read for a user its row-level-security policy applies to
                CREATE FUNCTION public.slowly() RETURNS boolean LANGUAGE plpgsql AS
                  $$ BEGIN PERFORM pg_sleep(0.05); RETURN true; END $$;
                CREATE TABLE public.slow (id integer PRIMARY KEY);
                INSERT INTO public.slow SELECT generate_series(1, 40);
                ALTER TABLE public.slow ENABLE ROW LEVEL SECURITY;
                CREATE POLICY slow_rows ON public.slow USING (public.slowly());
                ANALYZE;
                """);
        reader = database.createReader("limits-pass");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static Properties settings(Path work, String include) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.include-tables", include);
        properties.setProperty("tidemark.freshness.enabled", "false");
        properties.setProperty("tidemark.source.lock-timeout", "PT0.2S");
        return properties;
    }

    @Test
    void aReadQueuedBehindAMigrationGivesUpInsteadOfWaiting(@TempDir Path work) throws Exception {
        Properties properties = settings(work, "public.migrating,public.calm");
        properties.setProperty("tidemark.sync.max-retries", "0");

        Tidemark.Result result;
        try (Connection migration = database.connect(); Statement statement = migration.createStatement()) {
            migration.setAutoCommit(false);
            statement.execute("LOCK TABLE public.migrating IN ACCESS EXCLUSIVE MODE");
            result = Tidemark.main(properties, Map.of(), "--once");
            migration.rollback();
        }

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stdout()).containsPattern("(?m)^public\\.migrating .*failed.*lock timeout")
                .containsPattern("(?m)^public\\.calm .* success$");
    }

    @Test
    void aLockTimeoutIsRetriedUntilTheMigrationIsDone(@TempDir Path work) throws Exception {
        Properties properties = settings(work, "public.migrating");
        properties.setProperty("tidemark.sync.max-retries", "20");

        Tidemark.Result result;
        try (Connection migration = database.connect(); Statement statement = migration.createStatement()) {
            migration.setAutoCommit(false);
            statement.execute("LOCK TABLE public.migrating IN ACCESS EXCLUSIVE MODE");
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    migration.commit(); // the migration ends a second later
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
            result = Tidemark.main(properties, Map.of(), "--once");
            done.get(10, TimeUnit.SECONDS);
        }

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(JsonlDataset.read(work.resolve("out/public.migrating")).records()).hasSize(500);
    }

    @Test
    void aStatementThatRunsTooLongIsCancelled(@TempDir Path work) {
        Properties properties = settings(work, "public.slow");
        properties.setProperty("tidemark.source.username", reader);
        properties.setProperty("tidemark.source.password", "limits-pass");
        properties.setProperty("tidemark.source.statement-timeout", "PT0.5S");

        Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stdout()).containsPattern("(?m)^public\\.slow .*failed.*statement timeout");
    }
}
