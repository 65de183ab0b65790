package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.state.TableState.Phase;
import io.tidemark.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Last Fivetran triggers in {@code tidemark_fivetran_triggers} of a real control database, beside the checkpoints. */
class JdbcStateStoreTest {
    private static TestDatabase db;
    private static HikariDataSource control;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(db.url());
        hikari.setUsername(db.username());
        hikari.setPassword(db.password());
        hikari.setMaximumPoolSize(2);
        control = new HikariDataSource(hikari);
    }

    @AfterAll
    static void dropDatabase() {
        if (control != null) {
            control.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        store();
        db.execute("TRUNCATE tidemark_state, tidemark_fivetran_triggers");
    }

    private static JdbcStateStore store() throws SQLException {
        return new JdbcStateStore(control);
    }

    @Test
    void nodesStartingTogetherCreateTheTablesOnce() throws Exception {
        try (TestDatabase fresh = TestDatabase.create()) {
            int nodes = 6;
            ExecutorService starting = Executors.newFixedThreadPool(nodes);
            CyclicBarrier together = new CyclicBarrier(nodes);
            List<HikariDataSource> pools = new ArrayList<>();
            try {
                List<Future<JdbcStateStore>> stores = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    HikariDataSource pool = new HikariDataSource(StateStores.controlPool("node-" + i, fresh.url(),
                            fresh.username(), fresh.password()));
                    pools.add(pool);
                    stores.add(starting.submit(() -> {
                        together.await();
                        return new JdbcStateStore(pool);
                    }));
                }
                for (Future<JdbcStateStore> store : stores) {
                    assertThat(store.get().tables()).isEmpty();
                }
            } finally {
                starting.shutdownNow();
                pools.forEach(HikariDataSource::close);
            }
        }
    }

    @Test
    void aTriggerRoundTrips() throws Exception {
        Instant at = Instant.parse("2026-11-21T10:00:00.123456Z");

        store().saveTriggered("connector_abc", at);

        assertThat(store().lastTriggered("connector_abc")).contains(at);
    }

    @Test
    void instantsAreKeptToTheMicrosecond() throws Exception {
        Instant at = Instant.parse("2026-11-21T10:00:00.123456789Z");

        store().saveTriggered("connector_abc", at);

        Instant loaded = store().lastTriggered("connector_abc").orElseThrow();
        assertThat(loaded.getNano() % 1_000).isZero();
        assertThat(loaded).isCloseTo(at, within(1, ChronoUnit.MICROS));
    }

    @Test
    void aConnectionNeverTriggeredHasNoLastTrigger() throws Exception {
        assertThat(store().lastTriggered("connector_abc")).isEmpty();
        store().saveTriggered("connector_other", Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(store().lastTriggered("connector_abc")).isEmpty();
    }

    @Test
    void aLaterTriggerReplacesTheEarlierOne() throws Exception {
        JdbcStateStore store = store();
        store.saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z"));
        store.saveTriggered("connector_def", Instant.parse("2026-11-21T10:30:00Z"));

        store.saveTriggered("connector_abc", Instant.parse("2026-11-21T11:00:00Z"));

        assertThat(store.lastTriggered("connector_abc")).contains(Instant.parse("2026-11-21T11:00:00Z"));
        assertThat(store.lastTriggered("connector_def")).contains(Instant.parse("2026-11-21T10:30:00Z"));
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void aNewStoreOnTheSameDatabaseSeesTheTrigger() throws Exception {
        store().saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z"));

        // a restarted Tidemark: a new store (its CREATE TABLE IF NOT EXISTS a no-op) and a new pool
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(db.url());
        hikari.setUsername(db.username());
        hikari.setPassword(db.password());
        try (HikariDataSource restarted = new HikariDataSource(hikari)) {
            assertThat(new JdbcStateStore(restarted).lastTriggered("connector_abc"))
                    .contains(Instant.parse("2026-11-21T10:00:00Z"));
        }
    }

    @Test
    void idsAreBoundNotSpliced() throws Exception {
        String connectionId = "x'); DROP TABLE tidemark_fivetran_triggers; --";

        store().saveTriggered(connectionId, Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(store().lastTriggered(connectionId)).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void triggersAreNeverMistakenForCheckpoints() throws Exception {
        JdbcStateStore store = store();
        store.saveTriggered("public.t", Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(store.tables()).isEmpty();
        assertThat(store.load("public.t")).isEmpty();

        TableState state = new TableState("public.t", Phase.SNAPSHOT, List.of("7"), null, null, null, "r", "u");
        store.save(state);
        assertThat(store.delete("public.t")).isTrue();

        assertThat(store.lastTriggered("public.t")).contains(Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void theRunsRowsAndCategoryRoundTrip() throws Exception {
        TableState state = new TableState("public.t", Phase.INCREMENTAL, null, "updated_at", "2024-01-01 00:00:00+00",
                List.of("5"), "run-2", "2024-01-01T00:00:00Z", List.of("id"), "timestamp with time zone")
                .withRun(5_000_000_000L, "medium");

        store().save(state);

        assertThat(store().load("public.t")).contains(state);
    }

    /** A row as the version before the cycle's rows and category wrote it: read, both null. */
    @Test
    void aCheckpointOfAnEarlierVersionIsRead() throws Exception {
        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO tidemark_state (table_name, state) VALUES (?, CAST(? AS jsonb))")) {
            statement.setString(1, "public.t");
            statement.setString(2, "{\"table\":\"public.t\",\"phase\":\"SNAPSHOT\",\"snapshotKey\":[\"7\"],"
                    + "\"cursorColumn\":null,\"cursorValue\":null,\"cursorKey\":null,\"runId\":\"run-1\","
                    + "\"updatedAt\":\"2024-01-01T00:00:05Z\",\"keyColumns\":[\"id\"],\"cursorType\":null}");
            statement.executeUpdate();
        }

        TableState loaded = store().load("public.t").orElseThrow();

        assertThat(loaded).isEqualTo(new TableState("public.t", Phase.SNAPSHOT, List.of("7"), null, null, null, "run-1",
                "2024-01-01T00:00:05Z", List.of("id"), null));
        assertThat(loaded.runRows()).isNull();
        assertThat(loaded.category()).isNull();
    }

    @Test
    void aFailureIsAnIOExceptionNamingTheConnection() throws Exception {
        JdbcStateStore store = store();
        db.execute("DROP TABLE tidemark_fivetran_triggers");
        try {
            assertThatThrownBy(() -> store.lastTriggered("connector_abc"))
                    .isInstanceOf(IOException.class).hasMessageContaining("connector_abc");
            assertThatThrownBy(
                            () -> store.saveTriggered("connector_abc", Instant.parse("2026-11-21T10:00:00Z")))
                    .isInstanceOf(IOException.class).hasMessageContaining("connector_abc");
        } finally {
            store();
        }
    }

    private static int rows() throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM tidemark_fivetran_triggers")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
