package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.rows.RowBatch;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table dropped or renamed after discovery, between two of its pages: it is recorded as gone, with why, its
 * checkpoint is forgotten, and the cycle goes on and succeeds. Woven into the real {@code extract-table} loop:
 * right after the sink wrote the victim's first batch, a migration drops or renames it.
 */
class TableGoneTest {
    private TestDatabase database;

    @BeforeEach
    void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.victim (id integer PRIMARY KEY, payload text);
                INSERT INTO public.victim SELECT g, 'v' || g FROM generate_series(1, 1000) g;
                CREATE TABLE public.bystander (id integer PRIMARY KEY);
                INSERT INTO public.bystander SELECT generate_series(1, 300);
                ANALYZE;
                """);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aTableDroppedBetweenTwoPagesIsGoneAndTheCycleSucceeds(@TempDir Path work) throws Exception {
        Map<String, TableRun> runs = syncWhileMigrating(work, "DROP TABLE public.victim");

        TableRun victim = runs.get("public.victim");
        assertThat(victim.status()).isEqualTo(TableRun.Status.GONE);
        assertThat(victim.error()).isEqualTo("dropped since discovery");
        // the first batch, and the second when it was read ahead before the drop
        assertThat(victim.rows()).isIn(250L, 500L);
        assertThat(runs.get("public.bystander").status()).isEqualTo(TableRun.Status.SUCCESS);
        assertThat(JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records())
                .anySatisfy(record -> {
                    assertThat(record.get("table").asText()).isEqualTo("public.victim");
                    assertThat(record.get("status").asText()).isEqualTo("gone");
                    assertThat(record.get("error").asText()).isEqualTo("dropped since discovery");
                });
        assertThat(work.resolve("state/tables/public.victim.json")).as("checkpoint forgotten").doesNotExist();
        assertThat(work.resolve("state/tables/public.bystander.json")).exists();
    }

    @Test
    void aTableRenamedBetweenTwoPagesIsGoneWithItsNewName(@TempDir Path work) throws Exception {
        Map<String, TableRun> runs = syncWhileMigrating(work, "ALTER TABLE public.victim RENAME TO survivor");

        assertThat(runs.get("public.victim").status()).isEqualTo(TableRun.Status.GONE);
        assertThat(runs.get("public.victim").error()).isEqualTo("renamed to public.survivor since discovery");
    }

    @Test
    void aMissingRelationThatIsNotTheTableStillFailsIt(@TempDir Path work) throws Exception {
        // a filter that names another relation, dropped after start-up: the table is there, its read fails
        database.execute("CREATE TABLE public.allowed (id integer)");
        Properties properties = properties(work);
        properties.setProperty("tidemark.sync.table-filters",
                "{\"public.victim\": {\"where\": \"id NOT IN (SELECT id FROM public.allowed)\"}}");
        Map<String, TableRun> runs = sync(properties, "DROP TABLE public.allowed");

        assertThat(runs.get("public.victim").status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(runs.get("public.victim").error()).contains("public.allowed");
    }

    private Map<String, TableRun> syncWhileMigrating(Path work, String migration) throws Exception {
        return sync(properties(work), migration);
    }

    private Properties properties(Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "250");
        properties.setProperty("tidemark.freshness.enabled", "false");
        return properties;
    }

    /** One cycle in which {@code migration} runs once, right after the victim's first batch was written. */
    private Map<String, TableRun> sync(Properties properties, String migration) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            CamelContext camel = runtime.camelContext();
            AdviceWith.adviceWith(camel, "extract-table", route -> route
                    .weaveById("write-batch").after().process(exchange -> {
                        RowBatch batch = exchange.getMessage().getBody(RowBatch.class);
                        if (batch.dataset().equals("public.victim") && batch.sequence() == 1) {
                            database.execute(migration);
                        }
                    }));

            CycleReport report = runtime.runSyncCycle();

            assertThat(report.succeeded()).as(report.summaryLines().toString())
                    .isEqualTo(report.tables().stream().noneMatch(t -> t.status() == TableRun.Status.FAILED));
            return report.tables().stream().collect(Collectors.toMap(t -> t.table().qualifiedName(), Function.identity()));
        }
    }
}
