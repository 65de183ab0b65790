package io.tidemark.cluster;

import static io.tidemark.testing.ClusterNode.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.testing.ClusterNode;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tidemark nodes, each a process of its own, sharing the tables of each cycle through the claim table on one control
 * database: every table synced exactly once per cycle, the work spread over the nodes, and a node killed mid-table
 * has its table finished by another from the checkpoint, nothing missing.
 */
class ClusterClaimsTest {
    private static final int TABLES = 12;
    private static final int ROWS = 20_000;
    private static final int BIG_ROWS = 300_000;

    /** Settings of every node here: quick heartbeats and a short claim life, so takeovers happen within the test. */
    private static Map<String, String> node(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "TIDEMARK_SYNC_CRON", "0/5 * * * * ?",
                "TIDEMARK_CLUSTER_HEARTBEAT_INTERVAL", "PT0.5S",
                "TIDEMARK_CLUSTER_CLAIM_TIMEOUT", "PT3S"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    @Test
    void threeNodesShareEachCycleAndSyncEveryTableOnce(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabase.create(); TestDatabase control = TestDatabase.create()) {
            for (int t = 1; t <= TABLES; t++) {
                source.execute(String.format("CREATE TABLE public.t%02d (id int PRIMARY KEY, payload text);"
                        + " INSERT INTO public.t%02d SELECT i, md5(i::text) FROM generate_series(1, %d) i", t, t, ROWS));
            }
            source.execute("ANALYZE");
            // one table at a time per node: the cycle's 12 tables need the three nodes; claims live 15 s, so that three
            // JVMs on a busy machine never lose one (no takeover is wanted here)
            Map<String, String> settings = node("TIDEMARK_SYNC_THREADS", "1", "TIDEMARK_CLUSTER_CLAIM_TIMEOUT", "PT15S");
            List<ClusterNode> nodes = new ArrayList<>();
            List<String> finished;
            try {
                for (String name : List.of("node-1", "node-2", "node-3")) {
                    nodes.add(ClusterNode.start(name, work, source, control, settings));
                }
                // nodes start at their own pace: wait for two whole cycles, and for every node to have run tables of
                // whole cycles
                waitFor(() -> finishedCycles(control).size() >= 2 && nodesThatRan(control).size() == 3, 120, nodes);
                finished = finishedCycles(control);
            } finally {
                for (ClusterNode node : nodes) {
                    node.close();
                }
            }

            Set<String> ranTablesOn = new HashSet<>();
            for (String runId : finished) {
                List<Map<String, Object>> claims = query(control,
                        "SELECT table_name, node, outcome, rows FROM tidemark_claims WHERE run_id = '" + runId + "'");
                assertThat(claims).as("claims of cycle %s", runId).hasSize(TABLES)
                        .allSatisfy(claim -> assertThat(claim.get("outcome")).isEqualTo("success"));
                // every table exactly once in the cycle, over all nodes' sync_runs, recorded by the node that ran it
                List<String> ranTables = new ArrayList<>();
                for (ClusterNode node : nodes) {
                    for (JsonNode run : node.syncRuns()) {
                        if (run.get("run_id").asText().equals(runId)) {
                            assertThat(run.get("node").asText()).isEqualTo(node.name());
                            assertThat(run.get("status").asText()).isEqualTo("success");
                            ranTables.add(run.get("table").asText());
                            ranTablesOn.add(node.name());
                        }
                    }
                }
                assertThat(ranTables).as("tables of cycle %s over the nodes", runId).hasSize(TABLES).doesNotHaveDuplicates();
                // and the rows of each table, written once, by the node its claim names
                for (Map<String, Object> claim : claims) {
                    String table = (String) claim.get("table_name");
                    ClusterNode ranOn = nodes.stream().filter(n -> n.name().equals(claim.get("node"))).findFirst().orElseThrow();
                    assertThat(JsonlDataset.read(ranOn.dataset(table), runId).column("id")).as("%s in cycle %s", table, runId)
                            .hasSize(ROWS).doesNotHaveDuplicates();
                    for (ClusterNode other : nodes) {
                        if (other != ranOn && Files.isDirectory(other.dataset(table))) {
                            assertThat(JsonlDataset.read(other.dataset(table), runId).size()).isZero();
                        }
                    }
                }
            }
            assertThat(ranTablesOn).as("nodes that ran tables").containsExactlyInAnyOrder("node-1", "node-2", "node-3");
        }
    }

    @Test
    void aKilledNodesTableIsFinishedByTheOtherFromItsCheckpoint(@TempDir Path work) throws Exception {
        try (TestDatabase source = bigTable(); TestDatabase control = TestDatabase.create()) {
            Map<String, String> settings = node("TIDEMARK_SYNC_BATCH_SIZE", "1000");
            try (ClusterNode first = ClusterNode.start("node-1", work, source, control, settings);
                 ClusterNode second = ClusterNode.start("node-2", work, source, control, settings);
                 Connection locker = source.connect()) {
                // the table is claimed and has a checkpoint: its next page held by a lock, the node reading it killed
                MidTable held = readerHeldMidTable(control, locker, first, second);
                String runId = held.runId();
                ClusterNode victim = held.reader();
                ClusterNode survivor = held.other();
                victim.kill();
                locker.rollback();

                // its claim expires (3 s without a heartbeat), the survivor claims it and resumes from the checkpoint
                waitFor(() -> "done".equals(row(control, runId).get("status")), 90, List.of(survivor));
                Map<String, Object> done = row(control, runId);
                assertThat(done.get("node")).isEqualTo(survivor.name());
                assertThat(done.get("outcome")).isEqualTo("success");
                assertThat((Integer) done.get("attempt")).isGreaterThanOrEqualTo(2);
                JsonNode survivorRun = survivor.syncRuns().stream()
                        .filter(r -> r.get("run_id").asText().equals(runId)).findFirst().orElseThrow();
                assertThat(survivorRun.get("node").asText()).isEqualTo(survivor.name());
                assertThat(survivorRun.get("rows").asLong()).as("rows read by the survivor: the rest after the checkpoint")
                        .isPositive().isLessThan(BIG_ROWS);
                // nothing missing: the victim's batches and the survivor's make the whole table
                Set<String> ids = new HashSet<>(JsonlDataset.read(victim.dataset("public.big"), runId).column("id"));
                ids.addAll(JsonlDataset.read(survivor.dataset("public.big"), runId).column("id"));
                assertThat(ids).as("ids of public.big written in cycle %s", runId).hasSize(BIG_ROWS);
                assertThat(victim.syncRuns().stream().filter(r -> r.get("run_id").asText().equals(runId))).isEmpty();
            }
        }
    }

    @Test
    void aPausedNodeThatLostItsClaimCannotCheckpointAndStops(@TempDir Path work) throws Exception {
        try (TestDatabase source = bigTable(); TestDatabase control = TestDatabase.create()) {
            Map<String, String> settings = node("TIDEMARK_SYNC_BATCH_SIZE", "1000");
            try (ClusterNode first = ClusterNode.start("node-1", work, source, control, settings);
                 ClusterNode second = ClusterNode.start("node-2", work, source, control, settings);
                 Connection locker = source.connect()) {
                List<ClusterNode> nodes = List.of(first, second);
                // the reading node freezes with its next page asked for (held by the lock until it is frozen)
                MidTable held = readerHeldMidTable(control, locker, first, second);
                String runId = held.runId();
                ClusterNode paused = held.reader();
                ClusterNode other = held.other();
                paused.pause();
                locker.rollback();
                try {
                    // its claim expires; the other node takes the table over and finishes it
                    waitFor(() -> "done".equals(row(control, runId).get("status")), 90, List.of(other));
                } finally {
                    paused.resume();
                }
                // woken, the paused node reads the page it had asked for: writing it, or its checkpoint, is refused
                waitFor(() -> paused.syncRuns().stream().anyMatch(r -> r.get("run_id").asText().equals(runId)), 60, nodes);
                JsonNode stopped = paused.syncRuns().stream().filter(r -> r.get("run_id").asText().equals(runId))
                        .findFirst().orElseThrow();
                assertThat(stopped.get("status").asText()).isEqualTo("interrupted");
                assertThat(stopped.get("error").asText()).contains("its claim was taken over by another node");
                // its next batch or checkpoint is refused (which comes first depends on where it froze); frozen inside a
                // checkpoint's transaction, PostgreSQL has ended that session meanwhile, and the checkpoint with it
                assertThat(paused.log()).containsPattern("public\\.big: (batch not written|checkpoint refused), its claim was"
                        + " taken over by another node|public\\.big stopped after \\d+ rows: its claim was taken over by another"
                        + " node .*idle-in-transaction timeout")
                        .contains("ended here (interrupted) after another node took over its claim");

                Map<String, Object> done = row(control, runId);
                assertThat(done.get("node")).isEqualTo(other.name());
                assertThat(done.get("outcome")).isEqualTo("success");
                // the table's checkpoint was not moved back into the cycle's snapshot by the paused node: it is the
                // other node's completed pass (or a later cycle's)
                assertThat(query(control, "SELECT state ->> 'phase' AS phase, state ->> 'runId' AS run"
                        + " FROM tidemark_state WHERE table_name = 'public.big'")).singleElement()
                        .satisfies(state -> assertThat(state.get("phase") + " " + state.get("run"))
                                .isNotEqualTo("SNAPSHOT " + runId));
                Set<String> ids = new HashSet<>(JsonlDataset.read(paused.dataset("public.big"), runId).column("id"));
                ids.addAll(JsonlDataset.read(other.dataset("public.big"), runId).column("id"));
                assertThat(ids).hasSize(BIG_ROWS);
            }
        }
    }

    @Test
    void aNodeStoppedMidTableGivesItBackAtOnce(@TempDir Path work) throws Exception {
        try (TestDatabase source = bigTable(); TestDatabase control = TestDatabase.create()) {
            // claims live a minute: a table taken over sooner was given back, not expired
            Map<String, String> settings = node("TIDEMARK_SYNC_BATCH_SIZE", "1000", "TIDEMARK_CLUSTER_CLAIM_TIMEOUT", "PT60S");
            try (ClusterNode first = ClusterNode.start("node-1", work, source, control, settings);
                 ClusterNode second = ClusterNode.start("node-2", work, source, control, settings);
                 Connection locker = source.connect()) {
                MidTable held = readerHeldMidTable(control, locker, first, second);
                String runId = held.runId();
                held.reader().terminate();
                long stoppedAt = System.nanoTime();
                locker.rollback();
                assertThat(held.reader().awaitExit(60)).as("stopped on SIGTERM").isTrue();

                waitFor(() -> held.other().name().equals(row(control, runId).get("node")), 30, List.of(held.other()));
                assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).as("taken over long before the claim's 60 s")
                        .isLessThan(Duration.ofSeconds(30));
                JsonNode stopped = held.reader().syncRuns().stream().filter(r -> r.get("run_id").asText().equals(runId))
                        .findFirst().orElseThrow();
                assertThat(stopped.get("status").asText()).isEqualTo("interrupted");
                assertThat(stopped.get("error").asText()).isEqualTo("Tidemark stopped before the table was complete");

                waitFor(() -> "done".equals(row(control, runId).get("status")), 90, List.of(held.other()));
                assertThat(row(control, runId).get("outcome")).isEqualTo("success");
                Set<String> ids = new HashSet<>(JsonlDataset.read(held.reader().dataset("public.big"), runId).column("id"));
                ids.addAll(JsonlDataset.read(held.other().dataset("public.big"), runId).column("id"));
                assertThat(ids).hasSize(BIG_ROWS);
            }
        }
    }

    /** A source with {@code public.big}: 300,000 rows, 300 batches of 1,000, long enough to be caught mid-table. */
    private static TestDatabase bigTable() {
        TestDatabase source = TestDatabase.create();
        source.execute("CREATE TABLE public.big (id int PRIMARY KEY, payload text);"
                + " INSERT INTO public.big SELECT i, md5(i::text) FROM generate_series(1, " + BIG_ROWS + ") i; ANALYZE public.big");
        return source;
    }

    /** The cycle of {@code public.big}, the node reading it and the other node. */
    private record MidTable(String runId, ClusterNode reader, ClusterNode other) {
    }

    /**
     * Waits until {@code public.big} is claimed and has a checkpoint, then takes a lock on it with {@code locker} (its
     * transaction left open): the reading node's next page waits for it, mid-table.
     */
    private static MidTable readerHeldMidTable(TestDatabase control, Connection locker, ClusterNode first, ClusterNode second)
            throws Exception {
        waitFor(() -> !claimed(control).isEmpty() && checkpointed(control), 60, List.of(first, second));
        locker.setAutoCommit(false);
        try (Statement lock = locker.createStatement()) {
            lock.execute("LOCK TABLE public.big IN ACCESS EXCLUSIVE MODE");
        }
        Map<String, Object> claim = claimed(control).get(0);
        ClusterNode reader = claim.get("node").equals(first.name()) ? first : second;
        return new MidTable((String) claim.get("run_id"), reader, reader == first ? second : first);
    }

    private static List<String> finishedCycles(TestDatabase control) {
        try {
            return query(control, "SELECT run_id FROM tidemark_claims GROUP BY run_id HAVING bool_and(status = 'done')"
                    + " ORDER BY run_id").stream().map(r -> (String) r.get("run_id")).collect(Collectors.toList());
        } catch (SQLException e) {
            return List.of(); // the first node has not created the table yet
        }
    }

    private static Set<String> nodesThatRan(TestDatabase control) {
        try {
            return query(control, "SELECT DISTINCT node FROM tidemark_claims WHERE run_id IN (SELECT run_id FROM"
                    + " tidemark_claims GROUP BY run_id HAVING bool_and(status = 'done'))").stream()
                    .map(r -> (String) r.get("node")).collect(Collectors.toSet());
        } catch (SQLException e) {
            return Set.of();
        }
    }

    private static List<Map<String, Object>> claimed(TestDatabase control) {
        try {
            return query(control, "SELECT run_id, node FROM tidemark_claims WHERE status = 'claimed'");
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static boolean checkpointed(TestDatabase control) {
        try {
            return !query(control, "SELECT 1 FROM tidemark_state WHERE table_name = 'public.big'"
                    + " AND state -> 'snapshotKey' IS NOT NULL AND state -> 'snapshotKey' <> 'null'").isEmpty();
        } catch (SQLException e) {
            return false;
        }
    }

    private static Map<String, Object> row(TestDatabase control, String runId) {
        try {
            return query(control, "SELECT status, node, outcome, attempt FROM tidemark_claims WHERE run_id = '" + runId
                    + "' AND table_name = 'public.big'").get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds, List<ClusterNode> nodes) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (ClusterNode node : nodes) {
                    logs.append("--- ").append(node.name()).append(":\n").append(node.log()).append('\n');
                }
                throw new AssertionError("not within " + seconds + " s; the nodes' logs:\n" + logs);
            }
            Thread.sleep(200);
        }
    }
}
