package io.tidemark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.run.Preprocessing;
import io.tidemark.run.TableRun;
import io.tidemark.state.FencedOutException;
import io.tidemark.state.JdbcStateStore;
import io.tidemark.state.TableState;
import io.tidemark.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The claim table on a real PostgreSQL: disjoint claims under contention, expiry and fencing, superseding. */
class TableClaimsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private TestDatabase control;
    private HikariDataSource pool;
    private TableClaims claims;

    @BeforeEach
    void open() {
        control = TestDatabase.create();
        TidemarkConfig.Cluster cluster = new TidemarkConfig.Cluster(true, control.url(), control.username(), control.password(),
                "test", Duration.ofMillis(500), TIMEOUT);
        ControlDatabase.prepare(cluster);
        ControlDatabase.prepare(cluster); // a second node finds the tables there
        pool = ControlDatabase.open(cluster);
        claims = new TableClaims(pool, TIMEOUT, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        pool.close();
        control.close();
    }

    private static SourceTable table(String name, SizeCategory category) {
        return new SourceTable(1, "public", name, false, 10, "reltuples", 8192, "a \"comment\"",
                List.of(new SourceColumn("id", 1, "integer", "int4", "N", true, null, null)), List.of("id"), category);
    }

    private static List<SourceTable> tables(int count) {
        List<SourceTable> tables = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tables.add(table(String.format("t%03d", i), SizeCategory.SMALL));
        }
        return tables;
    }

    @Test
    void nodesClaimingAtOnceGetDisjointTablesInOrder() throws Exception {
        claims.queue("20261129T120000Z-000001", "node-0", tables(60), null);
        ExecutorService nodes = Executors.newFixedThreadPool(6);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                String node = "node-" + n;
                running.add(nodes.submit((Callable<Void>) () -> {
                    List<TableClaims.ClaimedRow> rows;
                    do {
                        rows = claims.claim(SizeCategory.SMALL, node, 3);
                        List<Integer> positions = rows.stream().map(r -> r.claim().position()).toList();
                        assertThat(positions).isSorted();
                        rows.forEach(r -> claimed.add(r.table().name()));
                    } while (!rows.isEmpty());
                    return null;
                }));
            }
            for (Future<?> node : running) {
                node.get();
            }
        } finally {
            nodes.shutdownNow();
        }
        assertThat(claimed).hasSize(60).doesNotHaveDuplicates();
        assertThat(claims.claim(SizeCategory.MEDIUM, "node-9", 5)).isEmpty();
    }

    @Test
    void aClaimNotRenewedIsTakenOverAndTheFirstHolderIsFencedOut() throws Exception {
        claims.queue("20261129T120000Z-000001", "node-a", List.of(table("orders", SizeCategory.MEDIUM)),
                Map.of("public.orders", new Preprocessing.Outcome(7, null)));
        TableClaims.ClaimedRow first = claims.claim(SizeCategory.MEDIUM, "node-a", 2).get(0);
        assertThat(first.table()).isEqualTo(table("orders", SizeCategory.MEDIUM));
        assertThat(first.preprocessing()).isEqualTo(new Preprocessing.Outcome(7, null));
        assertThat(claims.claim(SizeCategory.MEDIUM, "node-b", 2)).as("held and renewed").isEmpty();
        assertThat(claims.renew("node-a", List.of(first.claim()))).containsExactly(first.claim());

        Thread.sleep(TIMEOUT.toMillis() + 300);
        TableClaims.ClaimedRow second = claims.claim(SizeCategory.MEDIUM, "node-b", 2).get(0);
        assertThat(second.claim().attempt()).isEqualTo(first.claim().attempt() + 1);
        // node-a comes back: its renewal and its outcome no longer count
        assertThat(claims.renew("node-a", List.of(first.claim()))).isEmpty();
        assertThat(claims.finish(first.claim(), run(first, TableRun.Status.SUCCESS, 10))).isFalse();
        assertThat(claims.release(first.claim())).isFalse();
        assertThat(claims.open("20261129T120000Z-000001")).isEqualTo(1);

        assertThat(claims.finish(second.claim(), run(second, TableRun.Status.SUCCESS, 42))).isTrue();
        assertThat(claims.open("20261129T120000Z-000001")).isZero();
        List<TableRun> outcomes = claims.outcomes("20261129T120000Z-000001", "open");
        assertThat(outcomes).singleElement().satisfies(run -> {
            assertThat(run.node()).isEqualTo("node-b");
            assertThat(run.rows()).isEqualTo(42);
            assertThat(run.status()).isEqualTo(TableRun.Status.SUCCESS);
        });
    }

    @Test
    void aReleasedTableIsClaimedAgainAtOnce() throws Exception {
        claims.queue("20261129T120000Z-000001", "node-a", tables(1), null);
        TableClaims.ClaimedRow first = claims.claim(SizeCategory.SMALL, "node-a", 1).get(0);
        assertThat(claims.release(first.claim())).isTrue();
        assertThat(claims.claim(SizeCategory.SMALL, "node-b", 1)).singleElement()
                .satisfies(row -> assertThat(row.claim().node()).isEqualTo("node-b"));
    }

    @Test
    void aNewCycleSupersedesWhatNobodyHoldsButWaitsForATableStillRead() throws Exception {
        claims.queue("20261129T120000Z-000001", "node-a", tables(2), null);
        TableClaims.ClaimedRow reading = claims.claim(SizeCategory.SMALL, "node-a", 1).get(0);
        assertThat(reading.table().name()).isEqualTo("t001");

        // node-a's cycle is fired again elsewhere (say its firing node died): t002, queued, is superseded
        claims.queue("20261129T120500Z-000002", "node-b", tables(2), null);
        assertThat(claims.outcomes("20261129T120000Z-000001", "open")).extracting(TableRun::error)
                .containsExactly("open", "superseded by a later cycle");
        // t001 is still read under the old cycle: the new cycle's t001 waits, its t002 goes
        assertThat(claims.claim(SizeCategory.SMALL, "node-c", 5)).extracting(row -> row.table().name()).containsExactly("t002");
        assertThat(claims.finish(reading.claim(), run(reading, TableRun.Status.SUCCESS, 1))).isTrue();
        assertThat(claims.claim(SizeCategory.SMALL, "node-c", 5)).extracting(row -> row.table().name()).containsExactly("t001");
    }

    @Test
    void aCheckpointCommitsOnlyUnderAClaimStillHeldAndHoldsTheClaimUntilItCommits() throws Exception {
        JdbcStateStore states = new JdbcStateStore(pool);
        claims.queue("20261129T120000Z-000001", "node-a", List.of(table("orders", SizeCategory.SMALL)), null);
        ClaimedTable first = new ClaimedTable(claims.claim(SizeCategory.SMALL, "node-a", 1).get(0), claims, (t, r) -> { });
        states.save(snapshotAt("100"), first.fence());
        assertThat(states.load("public.orders")).hasValueSatisfying(s -> assertThat(s.snapshotKey()).containsExactly("100"));

        // a checkpoint being saved locks the claim: expired meanwhile, it is still not taken over until it commits
        try (Connection saving = pool.getConnection()) {
            saving.setAutoCommit(false);
            first.fence().verify(saving);
            Thread.sleep(TIMEOUT.toMillis() + 300);
            assertThat(claims.claim(SizeCategory.SMALL, "node-b", 1)).as("locked by the checkpoint under way").isEmpty();
            saving.commit();
        }
        // node-a stalls: its claim expires and node-b takes the table over
        Thread.sleep(TIMEOUT.toMillis() + 300);
        ClaimedTable second = new ClaimedTable(claims.claim(SizeCategory.SMALL, "node-b", 1).get(0), claims, (t, r) -> { });
        states.save(snapshotAt("150"), second.fence());

        // node-a comes back with its next batch: its checkpoint is refused, the table stops there
        assertThatThrownBy(() -> states.save(snapshotAt("200"), first.fence())).isInstanceOf(IOException.class)
                .hasRootCauseInstanceOf(FencedOutException.class)
                .hasMessageContaining("public.orders: checkpoint refused, its claim was taken over by another node");
        assertThat(first.revoked()).hasValue("its claim was taken over by another node");
        assertThat(second.revoked()).isEmpty();
        assertThat(states.load("public.orders")).hasValueSatisfying(s -> assertThat(s.snapshotKey()).containsExactly("150"));
    }

    @Test
    void aNewCycleNeverWaitsForARowLockedByAFrozenNodeAndItsTableWaitsForTheOldRow() throws Exception {
        claims.queue("20261129T120000Z-000001", "node-a", List.of(table("orders", SizeCategory.SMALL)), null);
        ClaimedTable frozen = new ClaimedTable(claims.claim(SizeCategory.SMALL, "node-a", 1).get(0), claims, (t, r) -> { });
        try (Connection checkpointUnderWay = pool.getConnection()) {
            // node-a froze inside a checkpoint's transaction: the claim's row stays locked
            checkpointUnderWay.setAutoCommit(false);
            frozen.fence().verify(checkpointUnderWay);
            Thread.sleep(TIMEOUT.toMillis() + 300);

            long started = System.nanoTime();
            claims.queue("20261129T120500Z-000002", "node-b", List.of(table("orders", SizeCategory.SMALL)), null);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("queued without waiting for the lock")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(claims.claim(SizeCategory.SMALL, "node-b", 5)).as("the old row is locked, the new one waits for it")
                    .isEmpty();
            checkpointUnderWay.rollback(); // PostgreSQL ends the frozen session (idle_in_transaction_session_timeout)
        }
        // the old row, expired and no longer locked, is taken over first; the new cycle's row only once it is done
        TableClaims.ClaimedRow takenOver = claims.claim(SizeCategory.SMALL, "node-b", 5).get(0);
        assertThat(takenOver.claim().runId()).isEqualTo("20261129T120000Z-000001");
        assertThat(claims.claim(SizeCategory.SMALL, "node-c", 5)).isEmpty();
        assertThat(claims.finish(takenOver.claim(), run(takenOver, TableRun.Status.SUCCESS, 5))).isTrue();
        assertThat(claims.claim(SizeCategory.SMALL, "node-c", 5)).extracting(row -> row.claim().runId())
                .containsExactly("20261129T120500Z-000002");
    }

    @Test
    void controlSessionsEndWhenLeftIdleInATransaction() throws Exception {
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW idle_in_transaction_session_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("30s");
        }
    }

    private static TableState snapshotAt(String key) {
        return new TableState("public.orders", TableState.Phase.SNAPSHOT, List.of(key), null, null, null, "run-1",
                "2026-11-29T12:00:00Z", List.of("id"), null);
    }

    private static TableRun run(TableClaims.ClaimedRow row, TableRun.Status status, long rows) {
        return TableRun.reported(row.claim().runId(), row.claim().position(), row.table(), row.claim().node(),
                Instant.now().minusSeconds(1), Instant.now(), status, null, rows, 1);
    }
}
