package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.state.FileStateStore;
import io.tidemark.state.TableState;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental cycles, checkpoints and resume through the real routes: no row lost, none skipped. A crash is
 * simulated by failing the table right after (or right before) a batch's checkpoint; the next cycle starts
 * from the checkpoint as a restarted Tidemark would.
 */
class IncrementalSyncTest {
    private TestDatabase database;
    @TempDir
    Path work;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void tenThousandRowsSharingOneTimestampSurviveACrashInTheMiddle() throws Exception {
        database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, v text);"
                + "INSERT INTO public.events VALUES (0, now() - interval '1 day', 'before');");
        assertThat(cycle().tables().get(0).mode()).isEqualTo(ReadMode.SNAPSHOT);
        // one statement: all 10,000 rows share its transaction's now()
        database.execute("INSERT INTO public.events SELECT g, now(), 'v' || g FROM generate_series(1, 10000) g;");

        CycleReport crashed = cycle(crashAfterCheckpointOfBatch(4));
        CycleReport resumed = cycle();

        assertThat(crashed.tables().get(0).status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(crashed.tables().get(0).rows()).isEqualTo(4000);
        assertThat(resumed.tables().get(0).mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(resumed.tables().get(0).rows()).isEqualTo(6000);
        List<String> ids = new ArrayList<>(ids(crashed));
        ids.addAll(ids(resumed));
        assertThat(ids).hasSize(10_000).doesNotHaveDuplicates();
        assertThat(ids).containsExactlyInAnyOrderElementsOf(range(1, 10_000));
    }

    @Test
    void aCrashBetweenWriteAndCheckpointDuplicatesAtMostThatBatch() throws Exception {
        database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL);"
                + "INSERT INTO public.events SELECT g, now() - interval '1 hour' FROM generate_series(1, 5000) g;");

        CycleReport crashed = cycle(crashBeforeCheckpointOfBatch(3)); // snapshot: batches 1-2 checkpointed, 3 written
        CycleReport resumed = cycle();

        assertThat(resumed.tables().get(0).mode()).isEqualTo(ReadMode.SNAPSHOT);
        List<String> ids = new ArrayList<>(ids(crashed));
        ids.addAll(ids(resumed));
        assertThat(ids).containsAll(range(1, 5000)).hasSize(5000 + 1000); // batch 3 twice, nothing missing
        assertThat(state().phase()).isEqualTo(TableState.Phase.INCREMENTAL);
    }

    @Test
    void theSecondCycleWritesOnlyTheChangedRows() throws Exception {
        database.execute("CREATE TABLE public.items (id integer PRIMARY KEY, name text, updated_at timestamptz NOT NULL DEFAULT now());"
                + "INSERT INTO public.items SELECT g, 'item ' || g, now() - interval '1 day' FROM generate_series(1, 3000) g;");
        CycleReport first = cycle();
        assertThat(first.tables().get(0).rows()).isEqualTo(3000);

        database.execute("UPDATE public.items SET name = 'renamed', updated_at = now() WHERE id IN (5, 1500, 2999);"
                + "INSERT INTO public.items (id, name) VALUES (3001, 'new'), (3002, 'newer');");
        CycleReport second = cycle();
        CycleReport third = cycle();

        assertThat(second.tables().get(0).mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(ids(second)).containsExactlyInAnyOrder("5", "1500", "2999", "3001", "3002");
        assertThat(third.tables().get(0).rows()).as("a cycle without changes reads nothing").isZero();
        // the latest version of every key equals the source
        Map<String, String> latest = JsonlDataset.read(work.resolve("out/public.items")).records().stream()
                .collect(Collectors.toMap(r -> r.get("id").asText(), r -> r.get("name").asText(), (older, newer) -> newer));
        assertThat(latest).hasSize(3002).containsEntry("1500", "renamed").containsEntry("3002", "newer").containsEntry("7", "item 7");
    }

    @Test
    void aLateCommittingTransactionInsideTheLagIsPickedUpNextCycle() throws Exception {
        database.execute("CREATE TABLE public.orders (id integer PRIMARY KEY, updated_at timestamptz NOT NULL);"
                + "INSERT INTO public.orders VALUES (1, now() - interval '1 day');");
        Properties properties = properties();
        properties.setProperty("tidemark.sync.cursor-lag", "PT2S");
        cycle(properties, null);

        try (Connection late = database.connect(); Statement statement = late.createStatement()) {
            late.setAutoCommit(false);
            // stamped now, committed only after another row with a later stamp was committed and a cycle ran
            statement.execute("INSERT INTO public.orders VALUES (2, clock_timestamp())");
            database.execute("INSERT INTO public.orders VALUES (3, clock_timestamp() + interval '100 milliseconds')");
            CycleReport during = cycle(properties, null);
            late.commit();
            assertThat(during.tables().get(0).rows()).as("both rows are still inside the lag").isZero();
        }
        Thread.sleep(2_500);
        CycleReport after = cycle(properties, null);

        assertThat(ids(after)).containsExactlyInAnyOrder("2", "3");
    }

    @Test
    void anInterruptedSnapshotResumesAfterItsLastKey() throws Exception {
        database.execute("CREATE TABLE public.plain (code text PRIMARY KEY, n integer);" // no cursor: full refresh
                + "INSERT INTO public.plain SELECT md5(g::text), g FROM generate_series(1, 4500) g;");

        CycleReport crashed = cycle(crashAfterCheckpointOfBatch(2));
        assertThat(state().phase()).isEqualTo(TableState.Phase.SNAPSHOT);
        CycleReport resumed = cycle();

        assertThat(resumed.tables().get(0).rows()).isEqualTo(2500);
        List<String> codes = new ArrayList<>(JsonlDataset.read(work.resolve("out/public.plain"), crashed.runId()).column("code"));
        codes.addAll(JsonlDataset.read(work.resolve("out/public.plain"), resumed.runId()).column("code"));
        assertThat(codes).hasSize(4500).doesNotHaveDuplicates();
        assertThat(state().phase()).isEqualTo(TableState.Phase.COMPLETE);
        // a full-refresh table starts a new pass on the next cycle
        assertThat(cycle().tables().get(0).rows()).isEqualTo(4500);
    }

    @Test
    void rowsDeletedFromASmallFullRefreshTableBecomeDeleteRecords() throws Exception {
        database.execute("CREATE TABLE public.codes (region text, n integer, label text, PRIMARY KEY (region, n));"
                + "INSERT INTO public.codes SELECT 'r' || (g % 3), g, 'label ' || g FROM generate_series(1, 2500) g;");
        CycleReport first = cycle();
        assertThat(first.tables().get(0).deletes()).isZero();

        database.execute("DELETE FROM public.codes WHERE n IN (7, 1200, 2500); INSERT INTO public.codes VALUES ('r9', 9999, 'new');");
        CycleReport crashed = cycle(crashAfterCheckpointOfBatch(2)); // a pass interrupted, then resumed
        CycleReport second = cycle();
        CycleReport third = cycle();

        assertThat(crashed.tables().get(0).deletes()).isZero();
        assertThat(second.tables().get(0).deletes()).isEqualTo(3);
        List<com.fasterxml.jackson.databind.JsonNode> deletes = JsonlDataset.read(work.resolve("out/public.codes"), second.runId())
                .records().stream().filter(r -> r.get("_tidemark_op").asText().equals("delete")).toList();
        assertThat(deletes).extracting(r -> r.get("region").asText() + "/" + r.get("n").asInt())
                .containsExactlyInAnyOrder("r1/7", "r0/1200", "r1/2500");
        assertThat(deletes).allSatisfy(r -> {
            assertThat(r.get("n").isInt()).as("keys keep their JSON types").isTrue();
            assertThat(r.has("label")).as("delete records hold the key columns").isFalse();
        });
        assertThat(third.tables().get(0).deletes()).as("nothing deleted since").isZero();

        database.execute("DELETE FROM public.codes");
        assertThat(cycle().tables().get(0).deletes()).as("an emptied table").isEqualTo(2498);
    }

    @Test
    void checkpointsCanLiveInAControlDatabase() throws Exception {
        database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL);"
                + "INSERT INTO public.events SELECT g, now() - interval '1 hour' FROM generate_series(1, 2500) g;");
        try (TestDatabase control = TestDatabase.create()) {
            Properties properties = properties();
            properties.setProperty("tidemark.state.type", "jdbc");
            properties.setProperty("tidemark.state.jdbc-url", control.url());
            properties.setProperty("tidemark.state.username", control.username());
            properties.setProperty("tidemark.state.password", control.password());

            CycleReport crashed = cycle(properties, crashAfterCheckpointOfBatch(2));
            CycleReport resumed = cycle(properties, null);
            database.execute("INSERT INTO public.events VALUES (2501, now())");
            CycleReport incremental = cycle(properties, null);

            assertThat(crashed.tables().get(0).rows()).isEqualTo(2000);
            assertThat(resumed.tables().get(0).rows()).as("resumed from the control database's checkpoint").isEqualTo(500);
            assertThat(ids(incremental)).containsExactly("2501");
            try (Connection connection = control.connect(); Statement statement = connection.createStatement();
                 java.sql.ResultSet rs = statement.executeQuery("SELECT table_name, state->>'phase' FROM tidemark_state")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("public.events");
                assertThat(rs.getString(2)).isEqualTo("INCREMENTAL");
            }
            assertThat(work.resolve("state/tables")).as("no checkpoint files with the jdbc store").doesNotExist();
        }
    }

    @Test
    void resetForcesTheNextCycleBackToASnapshot() throws Exception {
        database.execute("CREATE TABLE public.events (id integer PRIMARY KEY, updated_at timestamptz NOT NULL);"
                + "INSERT INTO public.events SELECT g, now() - interval '1 hour' FROM generate_series(1, 100) g;");
        cycle();
        assertThat(cycle().tables().get(0).mode()).isEqualTo(ReadMode.INCREMENTAL);

        Tidemark.Result reset = Tidemark.main(properties(), Map.of(), "reset", "public.events");

        assertThat(reset.exitCode()).as(reset.stderr()).isZero();
        assertThat(reset.stdout()).contains("public.events: checkpoint removed");
        CycleReport again = cycle();
        assertThat(again.tables().get(0).mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(again.tables().get(0).rows()).isEqualTo(100);
        Tidemark.Result unknown = Tidemark.main(properties(), Map.of(), "reset", "public.nothing");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stdout()).contains("public.nothing: no checkpoint");
    }

    private Properties properties() {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "1000");
        properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
        return properties;
    }

    private CycleReport cycle() throws Exception {
        return cycle(properties(), null);
    }

    private CycleReport cycle(Crash crash) throws Exception {
        return cycle(properties(), crash);
    }

    private CycleReport cycle(Properties properties, Crash crash) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            if (crash != null) {
                AtomicInteger batches = new AtomicInteger();
                org.apache.camel.Processor fail = exchange -> {
                    if (batches.incrementAndGet() == crash.batch()) {
                        throw new IllegalStateException("simulated crash at batch " + crash.batch());
                    }
                };
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> {
                    if (crash.beforeCheckpoint()) {
                        route.weaveById("checkpoint-batch").before().process(fail);
                    } else {
                        route.weaveById("checkpoint-batch").after().process(fail);
                    }
                });
            }
            return runtime.runSyncCycle();
        }
    }

    /** Fails the table at batch {@code batch}, just before or just after its checkpoint is saved. */
    private record Crash(int batch, boolean beforeCheckpoint) {
    }

    private static Crash crashAfterCheckpointOfBatch(int batch) {
        return new Crash(batch, false);
    }

    private static Crash crashBeforeCheckpointOfBatch(int batch) {
        return new Crash(batch, true);
    }

    private TableState state() throws Exception {
        List<String> tables = new FileStateStore(work.resolve("state")).tables();
        assertThat(tables).hasSize(1);
        return new FileStateStore(work.resolve("state")).load(tables.get(0)).orElseThrow();
    }

    private List<String> ids(CycleReport report) {
        return JsonlDataset.read(work.resolve("out").resolve(report.tables().get(0).table().qualifiedName()), report.runId()).column("id");
    }

    private static List<String> range(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(Integer.toString(i));
        }
        return values;
    }
}
