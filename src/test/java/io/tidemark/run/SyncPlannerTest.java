package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.TableFilters;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.CursorBounds;
import io.tidemark.extract.CursorDetector;
import io.tidemark.extract.KeysetPosition;
import io.tidemark.extract.PageRangeBatchReader;
import io.tidemark.state.FileStateStore;
import io.tidemark.state.TableState;
import io.tidemark.state.TableState.Phase;
import io.tidemark.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner against real PostgreSQL and a real state folder: which reader a checkpoint leads to, where it
 * starts, and which checkpoints the plan hands back. Each test has its own table.
 */
class SyncPlannerTest {
    private static final List<String> DEFAULT_CANDIDATES = List.of("updated_at", "modified_at", "last_modified", "updated",
            "modified", "last_updated", "update_date", "modified_date");
    private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123Z");

    private static TestDatabase db;
    private static HikariDataSource dataSource;
    private static ExecutorService readAhead;

    @TempDir
    Path stateDirectory;
    private FileStateStore store;
    private SyncPlanner planner;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
        dataSource = db.readPool();
        readAhead = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void dropDatabase() {
        if (readAhead != null) {
            readAhead.shutdownNow();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void createPlanner() {
        store = new FileStateStore(stateDirectory);
        planner = new SyncPlanner(dataSource, store, new CursorDetector(DEFAULT_CANDIDATES),
                new CursorBounds(dataSource, Duration.ZERO), TableFilters.none(), "", "region", readAhead);
    }

    // ---------------------------------------------------------------------------------------------------------
    // helpers

    private static SourceColumn column(String name, int ordinal, String dataType, String baseType, String category) {
        return new SourceColumn(name, ordinal, dataType, baseType, category, false, null, null);
    }

    private static SourceTable table(String name, List<SourceColumn> columns, List<String> key) {
        return new SourceTable(1L, "public", name, false, 0, "count", 0, null, columns, key, SizeCategory.SMALL);
    }

    /** {@code public.<name> (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, v text)}, as discovery describes it. */
    private static SourceTable events(String name) {
        db.execute("CREATE TABLE public." + name + " (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, v text)");
        return table(name, List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated_at", 2, "timestamp with time zone", "timestamptz", "D"),
                column("v", 3, "text", "text", "S")), List.of("id"));
    }

    /** The first column (an integer) of every row the reader returns, reading in batches of {@code batchSize}. */
    private static List<Integer> readAll(BatchReader reader, int batchSize) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        while (reader.hasMore()) {
            for (Object[] row : reader.next(batchSize)) {
                ids.add(((Long) row[0]).intValue());
            }
        }
        reader.close();
        return ids;
    }

    private static List<Integer> ids(List<Object[]> rows) {
        return rows.stream().map(row -> ((Long) row[0]).intValue()).toList();
    }

    /** One text value, read through the pool the readers use (so with the same session settings). */
    private static String text(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            assertThat(rs.next()).isTrue();
            String value = rs.getString(1);
            connection.commit();
            return value;
        }
    }

    /** Whether the text is a timestamptz within the last two seconds of the database's clock. */
    private static boolean isAboutNow(String value) throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT CAST(? AS timestamptz) BETWEEN now() - interval '2 seconds' AND now()")) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static KeysetPosition positionOf(SyncPlan plan) {
        assertThat(plan.reader().position()).isNotNull();
        return plan.reader().position();
    }

    // ---------------------------------------------------------------------------------------------------------
    // a table with a primary key and a timestamptz cursor

    @Test
    void firstSyncIsASnapshotFromTheStartThenIncrementalReadsFromTheSwitchPoint() throws Exception {
        SourceTable table = events("first_sync");
        db.execute("INSERT INTO public.first_sync SELECT g, now() - g * interval '1 hour', 'v' || g FROM generate_series(1, 5) g");

        SyncPlan snapshot = planner.plan(table);

        assertThat(snapshot.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(snapshot)).isEqualTo(KeysetPosition.START);
        TableState before = snapshot.checkpoint("run-1", NOW);
        String switchPoint = before.cursorValue();
        assertThat(switchPoint).isNotNull();
        assertThat(isAboutNow(switchPoint)).as(switchPoint).isTrue();
        assertThat(before).isEqualTo(new TableState("public.first_sync", Phase.SNAPSHOT, null, "updated_at", switchPoint,
                null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));

        assertThat(readAll(snapshot.reader(), 2)).containsExactly(1, 2, 3, 4, 5);
        assertThat(snapshot.checkpoint("run-1", NOW)).isEqualTo(new TableState("public.first_sync", Phase.SNAPSHOT,
                List.of("5"), "updated_at", switchPoint, null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
        TableState completed = snapshot.completed("run-1", NOW);
        assertThat(completed).isEqualTo(new TableState("public.first_sync", Phase.INCREMENTAL, null, "updated_at",
                switchPoint, null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
        store.save(completed);

        // after the snapshot: row 2 changes, 6 is new, 7 sits exactly at the switch point (inclusive), 8 a
        // microsecond before it, 9 is stamped in the future (past this cycle's upper bound)
        db.execute("UPDATE public.first_sync SET updated_at = now(), v = 'changed' WHERE id = 2");
        db.execute("INSERT INTO public.first_sync VALUES (6, now(), 'new')");
        db.execute("INSERT INTO public.first_sync VALUES (7, CAST('" + switchPoint + "' AS timestamptz), 'at'),"
                + " (8, CAST('" + switchPoint + "' AS timestamptz) - interval '1 microsecond', 'before'),"
                + " (9, now() + interval '1 day', 'future')");

        SyncPlan incremental = planner.plan(table);

        assertThat(incremental.mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(positionOf(incremental)).isEqualTo(KeysetPosition.fromFirstValue(switchPoint));
        assertThat(incremental.checkpoint("run-2", NOW)).isEqualTo(new TableState("public.first_sync",
                Phase.INCREMENTAL, null, "updated_at", switchPoint, null, "run-2", NOW.toString(), List.of("id"), "timestamp with time zone"));
        assertThat(readAll(incremental.reader(), 2)).containsExactly(7, 2, 6);

        String sixAt = text("SELECT updated_at::text FROM public.first_sync WHERE id = 6");
        TableState after = incremental.completed("run-2", NOW);
        assertThat(after).isEqualTo(new TableState("public.first_sync", Phase.INCREMENTAL, null, "updated_at", sixAt,
                List.of("6"), "run-2", NOW.toString(), List.of("id"), "timestamp with time zone"));
        store.save(after);

        // nothing changed since: the next cycle reads nothing and keeps its position
        SyncPlan quiet = planner.plan(table);
        assertThat(quiet.mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(readAll(quiet.reader(), 2)).isEmpty();
        assertThat(quiet.completed("run-3", NOW)).isEqualTo(new TableState("public.first_sync", Phase.INCREMENTAL, null,
                "updated_at", sixAt, List.of("6"), "run-3", NOW.toString(), List.of("id"), "timestamp with time zone"));
    }

    @Test
    void aPartialIncrementalReadCheckpointsTheLastRowsCursorAndKey() throws Exception {
        SourceTable table = events("partial");
        // 10, 11 and 12 share one timestamp: only the key tells them apart
        db.execute("INSERT INTO public.partial VALUES (1, '2020-01-01 00:00:00+00', 'old'),"
                + " (12, '2024-01-01 00:00:00+00', 'c'), (10, '2024-01-01 00:00:00+00', 'a'),"
                + " (11, '2024-01-01 00:00:00+00', 'b'), (3, '2024-01-01 00:00:00.000001+00', 'd'),"
                + " (2, '2023-12-31 23:59:59.999999+00', 'e')");
        String from = text("SELECT CAST('2024-01-01 00:00:00+00' AS timestamptz)::text");
        store.save(new TableState("public.partial", Phase.INCREMENTAL, null, "updated_at", from, null, "run-0",
                NOW.toString()));

        SyncPlan plan = planner.plan(table);
        assertThat(plan.mode()).isEqualTo(ReadMode.INCREMENTAL);
        List<Object[]> first = plan.reader().next(2);

        assertThat(ids(first)).containsExactly(10, 11);
        assertThat(plan.reader().hasMore()).isTrue();
        String elevenAt = text("SELECT updated_at::text FROM public.partial WHERE id = 11");
        assertThat(elevenAt).isEqualTo(from);
        TableState checkpoint = plan.checkpoint("run-1", NOW);
        assertThat(checkpoint).isEqualTo(new TableState("public.partial", Phase.INCREMENTAL, null, "updated_at",
                elevenAt, List.of("11"), "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
        plan.reader().close();
        store.save(checkpoint);

        // a restart resumes after (timestamp, 11): 12 at the same timestamp, then 3; never 10 or 11 again
        SyncPlan resumed = planner.plan(table);
        assertThat(positionOf(resumed)).isEqualTo(KeysetPosition.after(List.of(elevenAt, "11")));
        List<Object[]> next = resumed.reader().next(1);
        assertThat(ids(next)).containsExactly(12);
        assertThat(resumed.checkpoint("run-2", NOW)).isEqualTo(new TableState("public.partial", Phase.INCREMENTAL, null,
                "updated_at", elevenAt, List.of("12"), "run-2", NOW.toString(), List.of("id"), "timestamp with time zone"));
        assertThat(readAll(resumed.reader(), 1)).containsExactly(3);
        String threeAt = text("SELECT updated_at::text FROM public.partial WHERE id = 3");
        assertThat(resumed.completed("run-2", NOW)).isEqualTo(new TableState("public.partial", Phase.INCREMENTAL, null,
                "updated_at", threeAt, List.of("3"), "run-2", NOW.toString(), List.of("id"), "timestamp with time zone"));
    }

    @Test
    void anInterruptedSnapshotResumesAfterItsLastKeyWithItsOriginalSwitchPoint() throws Exception {
        SourceTable table = events("resume");
        db.execute("INSERT INTO public.resume SELECT g, now(), 'v' || g FROM generate_series(1, 9) g");
        String switchPoint = "2021-06-01 12:00:00+00";
        store.save(new TableState("public.resume", Phase.SNAPSHOT, List.of("5"), "updated_at", switchPoint, null,
                "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(plan)).isEqualTo(KeysetPosition.after(List.of("5")));
        assertThat(plan.checkpoint("run-1", NOW)).isEqualTo(new TableState("public.resume", Phase.SNAPSHOT,
                List.of("5"), "updated_at", switchPoint, null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
        assertThat(ids(plan.reader().next(2))).containsExactly(6, 7);
        assertThat(plan.checkpoint("run-1", NOW)).isEqualTo(new TableState("public.resume", Phase.SNAPSHOT,
                List.of("7"), "updated_at", switchPoint, null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
        assertThat(readAll(plan.reader(), 2)).containsExactly(8, 9);
        // the switch point is the one taken when the snapshot began, not a new one
        assertThat(plan.completed("run-1", NOW)).isEqualTo(new TableState("public.resume", Phase.INCREMENTAL, null,
                "updated_at", switchPoint, null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
    }

    @Test
    void aSnapshotInterruptedBeforeItsFirstBatchResumesFromTheStart() throws Exception {
        SourceTable table = events("resume_start");
        db.execute("INSERT INTO public.resume_start SELECT g, now(), 'v' || g FROM generate_series(1, 3) g");
        store.save(new TableState("public.resume_start", Phase.SNAPSHOT, null, "updated_at", "2021-06-01 12:00:00+00",
                null, "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(plan)).isEqualTo(KeysetPosition.START);
        assertThat(readAll(plan.reader(), 10)).containsExactly(1, 2, 3);
        assertThat(plan.completed("run-1", NOW).cursorValue()).isEqualTo("2021-06-01 12:00:00+00");
    }

    @Test
    void aChangedCursorColumnStartsANewSnapshotFromTheStart() throws Exception {
        SourceTable table = events("changed_cursor");
        db.execute("INSERT INTO public.changed_cursor SELECT g, now(), 'v' || g FROM generate_series(1, 4) g");
        String oldValue = "2021-06-01 12:00:00+00";
        store.save(new TableState("public.changed_cursor", Phase.INCREMENTAL, null, "modified_at", oldValue, List.of("3"),
                "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(plan)).isEqualTo(KeysetPosition.START);
        TableState checkpoint = plan.checkpoint("run-1", NOW);
        assertThat(checkpoint.phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(checkpoint.snapshotKey()).isNull();
        assertThat(checkpoint.cursorColumn()).isEqualTo("updated_at");
        assertThat(checkpoint.cursorValue()).isNotEqualTo(oldValue);
        assertThat(isAboutNow(checkpoint.cursorValue())).as(checkpoint.cursorValue()).isTrue();
        assertThat(checkpoint.cursorKey()).isNull();
        assertThat(readAll(plan.reader(), 3)).containsExactly(1, 2, 3, 4);
        assertThat(plan.completed("run-1", NOW)).isEqualTo(new TableState("public.changed_cursor", Phase.INCREMENTAL,
                null, "updated_at", checkpoint.cursorValue(), null, "run-1", NOW.toString(), List.of("id"), "timestamp with time zone"));
    }

    @Test
    void aSnapshotOfAnotherCursorColumnIsNotResumed() throws Exception {
        SourceTable table = events("changed_snapshot");
        db.execute("INSERT INTO public.changed_snapshot SELECT g, now(), 'v' || g FROM generate_series(1, 8) g");
        store.save(new TableState("public.changed_snapshot", Phase.SNAPSHOT, List.of("5"), "modified_at",
                "2021-06-01 12:00:00+00", null, "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(plan)).isEqualTo(KeysetPosition.START);
        assertThat(plan.checkpoint("run-1", NOW).cursorColumn()).isEqualTo("updated_at");
        assertThat(isAboutNow(plan.checkpoint("run-1", NOW).cursorValue())).isTrue();
        assertThat(readAll(plan.reader(), 100)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    // ---------------------------------------------------------------------------------------------------------
    // other kinds of tables

    @Test
    void aTableWithoutCursorIsSnapshottedInFullEveryCycle() throws Exception {
        db.execute("CREATE TABLE public.no_cursor (id integer PRIMARY KEY, updated_at_old timestamptz, v text);"
                + "INSERT INTO public.no_cursor SELECT g, now(), 'v' || g FROM generate_series(1, 5) g");
        SourceTable table = table("no_cursor", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated_at_old", 2, "timestamp with time zone", "timestamptz", "D"),
                column("v", 3, "text", "text", "S")), List.of("id"));

        SyncPlan first = planner.plan(table);

        assertThat(first.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(first)).isEqualTo(KeysetPosition.START);
        assertThat(first.checkpoint("run-1", NOW)).isEqualTo(new TableState("public.no_cursor", Phase.SNAPSHOT, null,
                null, null, null, "run-1", NOW.toString(), List.of("id"), null));
        assertThat(readAll(first.reader(), 2)).containsExactly(1, 2, 3, 4, 5);
        TableState completed = first.completed("run-1", NOW);
        assertThat(completed).isEqualTo(new TableState("public.no_cursor", Phase.COMPLETE, null, null, null, null,
                "run-1", NOW.toString(), List.of("id"), null));
        store.save(completed);

        SyncPlan second = planner.plan(table);

        assertThat(second.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(positionOf(second)).isEqualTo(KeysetPosition.START);
        assertThat(readAll(second.reader(), 2)).containsExactly(1, 2, 3, 4, 5);
        assertThat(second.completed("run-2", NOW).phase()).isEqualTo(Phase.COMPLETE);
    }

    @Test
    void anInterruptedFullRefreshResumesAfterItsLastKey() throws Exception {
        db.execute("CREATE TABLE public.refresh (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.refresh SELECT g, 'v' || g FROM generate_series(1, 6) g");
        SourceTable table = table("refresh", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("v", 2, "text", "text", "S")), List.of("id"));
        store.save(new TableState("public.refresh", Phase.SNAPSHOT, List.of("4"), null, null, null, "run-0",
                NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(readAll(plan.reader(), 10)).containsExactly(5, 6);
        assertThat(plan.completed("run-1", NOW)).isEqualTo(new TableState("public.refresh", Phase.COMPLETE, null, null,
                null, null, "run-1", NOW.toString(), List.of("id"), null));
    }

    @Test
    void aTableWithoutPrimaryKeyIsReadByPagesAndResumesAtTheNextPage() throws Exception {
        // 40 rows a page (fillfactor 10 leaves room for few): 2,000 rows on about 50 pages
        db.execute("CREATE TABLE public.no_key (id integer, updated_at timestamptz, v text) WITH (fillfactor = 10);"
                + "INSERT INTO public.no_key SELECT g, now(), repeat('v', 100) FROM generate_series(1, 2000) g; ANALYZE public.no_key");
        SourceTable table = table("no_key", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated_at", 2, "timestamp with time zone", "timestamptz", "D"),
                column("v", 3, "text", "text", "S")), List.of());
        // a checkpoint left from when it had a key plays no part
        store.save(new TableState("public.no_key", Phase.INCREMENTAL, null, "updated_at", "2021-06-01 12:00:00+00",
                List.of("2"), "run-0", NOW.toString()));

        SyncPlan first = planner.plan(table);
        assertThat(first.mode()).isEqualTo(ReadMode.PAGES);
        assertThat(first.freshPass()).isTrue();
        List<Integer> ids = new ArrayList<>(ids(first.reader().next(500)));
        ids.addAll(ids(first.reader().next(500)));
        TableState checkpoint = first.checkpoint("run-1", NOW);
        first.reader().close();
        assertThat(checkpoint.phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(checkpoint.keyColumns()).isEqualTo(PageRangeBatchReader.POSITION_KEY);
        assertThat(ids).as("two ranges of about 500 rows").hasSizeBetween(800, 1200).doesNotHaveDuplicates();
        store.save(checkpoint);

        SyncPlan resumed = planner.plan(table);
        assertThat(resumed.mode()).isEqualTo(ReadMode.PAGES);
        assertThat(resumed.freshPass()).isFalse();
        ids.addAll(readAll(resumed.reader(), 500));
        assertThat(ids).as("the rest, from the next page on").hasSize(2000).doesNotHaveDuplicates();
        TableState completed = resumed.completed("run-1", NOW);
        assertThat(completed.phase()).isEqualTo(Phase.COMPLETE);
        store.save(completed);

        SyncPlan nextPass = planner.plan(table);
        assertThat(nextPass.freshPass()).as("a completed pass: the next cycle reads the table again").isTrue();
        assertThat(readAll(nextPass.reader(), 500)).hasSize(2000);
    }

    @Test
    void anIntegerCursorSwitchesAtItsLargestValueWithoutUpperBound() throws Exception {
        db.execute("CREATE TABLE public.versions (id integer PRIMARY KEY, updated bigint NOT NULL, v text);"
                + "INSERT INTO public.versions VALUES (1, 1, 'a'), (2, 3, 'b'), (3, 2, 'c')");
        SourceTable table = table("versions", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated", 2, "bigint", "int8", "N"),
                column("v", 3, "text", "text", "S")), List.of("id"));

        SyncPlan snapshot = planner.plan(table);
        assertThat(snapshot.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(readAll(snapshot.reader(), 10)).containsExactly(1, 2, 3);
        TableState completed = snapshot.completed("run-1", NOW);
        assertThat(completed).isEqualTo(new TableState("public.versions", Phase.INCREMENTAL, null, "updated", "3", null,
                "run-1", NOW.toString(), List.of("id"), "bigint"));
        store.save(completed);

        db.execute("UPDATE public.versions SET updated = 4 WHERE id = 1;"
                + "INSERT INTO public.versions VALUES (4, 9000000000, 'big'), (5, 2, 'old')");

        SyncPlan incremental = planner.plan(table);
        assertThat(incremental.mode()).isEqualTo(ReadMode.INCREMENTAL);
        // from 3 inclusive (row 2 again), no upper bound
        assertThat(readAll(incremental.reader(), 10)).containsExactly(2, 1, 4);
        assertThat(incremental.completed("run-2", NOW)).isEqualTo(new TableState("public.versions", Phase.INCREMENTAL,
                null, "updated", "9000000000", List.of("4"), "run-2", NOW.toString(), List.of("id"), "bigint"));
    }

    @Test
    void anIntegerCursorOfAnEmptyTableReadsEverythingAfterTheSnapshot() throws Exception {
        db.execute("CREATE TABLE public.empty_versions (id integer PRIMARY KEY, updated integer NOT NULL)");
        SourceTable table = table("empty_versions", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated", 2, "integer", "int4", "N")), List.of("id"));

        SyncPlan snapshot = planner.plan(table);
        assertThat(readAll(snapshot.reader(), 10)).isEmpty();
        TableState completed = snapshot.completed("run-1", NOW);
        assertThat(completed).isEqualTo(new TableState("public.empty_versions", Phase.INCREMENTAL, null, "updated", null,
                null, "run-1", NOW.toString(), List.of("id"), "integer"));
        store.save(completed);
        db.execute("INSERT INTO public.empty_versions VALUES (1, 5), (2, -7)");

        SyncPlan incremental = planner.plan(table);

        assertThat(incremental.mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(positionOf(incremental)).isEqualTo(KeysetPosition.START);
        assertThat(readAll(incremental.reader(), 10)).containsExactly(2, 1);
        assertThat(incremental.completed("run-2", NOW)).isEqualTo(new TableState("public.empty_versions",
                Phase.INCREMENTAL, null, "updated", "5", List.of("1"), "run-2", NOW.toString(), List.of("id"), "integer"));
    }
    // ---------------------------------------------------------------------------------------------------------
    // checkpoints that no longer fit the table (DDL since they were written), and tables sharing a name

    /**
     * The primary key grew from (id) to (id, region) since the checkpoint: a snapshot key of one value cannot
     * position a two-column key. Expected like a changed cursor column: a new snapshot from the start.
     */
    @Test
    void aSnapshotKeyThatNoLongerFitsThePrimaryKeyStartsANewSnapshot() throws Exception {
        db.execute("CREATE TABLE public.regrouped (id integer, region text, updated_at timestamptz NOT NULL,"
                + " PRIMARY KEY (id, region));"
                + "INSERT INTO public.regrouped SELECT g, 'eu', now() FROM generate_series(1, 7) g");
        SourceTable table = table("regrouped", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("region", 2, "text", "text", "S"),
                column("updated_at", 3, "timestamp with time zone", "timestamptz", "D")), List.of("id", "region"));
        store.save(new TableState("public.regrouped", Phase.SNAPSHOT, List.of("5"), "updated_at",
                "2021-06-01 12:00:00+00", null, "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        List<Integer> ids = new ArrayList<>();
        assertThatCode(() -> ids.addAll(readAll(plan.reader(), 10))).doesNotThrowAnyException();
        assertThat(ids).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    /** The same for an incremental position: a cursor key of one value for a two-column primary key. */
    @Test
    void anIncrementalKeyThatNoLongerFitsThePrimaryKeyStartsANewSnapshot() throws Exception {
        db.execute("CREATE TABLE public.regrouped_inc (id integer, region text, updated_at timestamptz NOT NULL,"
                + " PRIMARY KEY (id, region));"
                + "INSERT INTO public.regrouped_inc SELECT g, 'eu', '2024-01-01 00:00:00+00' FROM generate_series(1, 4) g");
        SourceTable table = table("regrouped_inc", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("region", 2, "text", "text", "S"),
                column("updated_at", 3, "timestamp with time zone", "timestamptz", "D")), List.of("id", "region"));
        store.save(new TableState("public.regrouped_inc", Phase.INCREMENTAL, null, "updated_at",
                "2021-06-01 12:00:00+00", List.of("3"), "run-0", NOW.toString()));

        SyncPlan plan = planner.plan(table);

        List<Integer> ids = new ArrayList<>();
        assertThatCode(() -> ids.addAll(readAll(plan.reader(), 10))).doesNotThrowAnyException();
        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(ids).containsExactly(1, 2, 3, 4);
    }

    /**
     * updated_at changed from timestamptz to bigint since the checkpoint (same name, so the same cursor column):
     * the saved timestamp cannot be cast to bigint. Expected: a new snapshot, not a failure every cycle.
     */
    @Test
    void aCursorWhoseTypeChangedStartsANewSnapshot() throws Exception {
        db.execute("CREATE TABLE public.retyped (id integer PRIMARY KEY, updated_at bigint NOT NULL);"
                + "INSERT INTO public.retyped VALUES (1, 10), (2, 20)");
        SourceTable table = table("retyped", List.of(
                column("id", 1, "integer", "int4", "N"),
                column("updated_at", 2, "bigint", "int8", "N")), List.of("id"));
        store.save(new TableState("public.retyped", Phase.INCREMENTAL, null, "updated_at", "2024-01-01 00:00:00+00",
                List.of("1"), "run-0", NOW.toString(), List.of("id"), "timestamp with time zone"));

        SyncPlan plan = planner.plan(table);

        List<Integer> ids = new ArrayList<>();
        assertThatCode(() -> ids.addAll(readAll(plan.reader(), 10))).doesNotThrowAnyException();
        assertThat(plan.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(ids).containsExactly(1, 2);
    }
}
