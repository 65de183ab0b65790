package io.tidemark.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the source while a 500,000-row table is synced by {@code --once}, run again until it exits 0, as an
 * operator's scheduler would: Tidemark's backends terminated at random points, and the server itself stopped and
 * started. Each asserts that no row is missing and that at most one batch per fault is written twice.
 */
class SourceFaultsTest {
    private static final int ROWS = 500_000;
    private static final int BATCH = 5_000;
    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

    @Test
    void backendsTerminatedAtTenRandomPoints(@TempDir Path work) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (TestDatabase database = TestDatabase.create()) {
            database.execute(bigTable());
            AtomicInteger kills = new AtomicInteger();
            AtomicBoolean synced = new AtomicBoolean();
            // kills until ten have hit Tidemark's sessions, at random 20-120 ms apart, while the runs go on
            CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
                while (kills.get() < 10 && !synced.get()) {
                    sleep(20 + random.nextInt(100));
                    if (terminateTidemarkSessions(database) > 0) {
                        kills.incrementAndGet();
                    }
                }
            });
            int runs = runUntilDone(Tidemark.against(database, work), synced, 30);
            killer.get(1, TimeUnit.MINUTES);

            assertThat(kills.get()).as("faults that hit a running sync (seed " + seed + ")").isGreaterThanOrEqualTo(10);
            assertEveryRowOnceButAtMostOneBatchPerFault(work, kills.get(), "seed " + seed + ", " + runs + " runs");
        }
    }

    @Test
    void serverStoppedAndStartedMidSync(@TempDir Path work) throws Exception {
        Path data = work.resolve("pgdata");
        int port = freePort();
        EmbeddedPostgres server = start(data, port);
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try {
            try (Connection admin = DriverManager.getConnection(url, "postgres", ""); Statement statement = admin.createStatement()) {
                statement.execute(bigTable());
            }
            Properties properties = new Properties();
            properties.setProperty("tidemark.source.jdbc-url", url);
            properties.setProperty("tidemark.source.username", "postgres");
            properties.setProperty("tidemark.sink.directory", work.resolve("out").toString());
            properties.setProperty("tidemark.state.directory", work.resolve("state").toString());
            properties.setProperty("tidemark.sync.retry-delay", "PT0.1S");
            properties.setProperty("tidemark.sync.max-retry-delay", "PT0.5S");
            AtomicBoolean synced = new AtomicBoolean();
            EmbeddedPostgres[] current = {server};
            AtomicBoolean hitRunningSync = new AtomicBoolean();
            // the server goes down once the first batches are written, for two seconds
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
                awaitBatches(work.resolve("out/public.big"), 3);
                hitRunningSync.set(!synced.get());
                try {
                    current[0].close();
                    sleep(2_000);
                    current[0] = start(data, port);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            int runs = runUntilDone(properties, synced, 10);
            restart.get(1, TimeUnit.MINUTES);
            server = current[0];

            assertThat(hitRunningSync.get()).as("the server stopped while the table was being read").isTrue();
            assertEveryRowOnceButAtMostOneBatchPerFault(work, 1, runs + " runs");
        } finally {
            server.close();
        }
    }

    private static String bigTable() {
        return "CREATE TABLE public.big (id integer PRIMARY KEY, payload text);"
                + "INSERT INTO public.big SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g; ANALYZE;";
    }

    /** {@code --once} again and again until it exits 0; returns how many runs it took. */
    private static int runUntilDone(Properties properties, AtomicBoolean synced, int maxRuns) {
        properties.setProperty("tidemark.sync.batch-size", Integer.toString(BATCH));
        properties.setProperty("tidemark.freshness.enabled", "false");
        List<String> failures = new ArrayList<>();
        for (int run = 1; run <= maxRuns; run++) {
            Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");
            if (result.exitCode() == 0) {
                synced.set(true);
                return run;
            }
            failures.add("run " + run + ": exit " + result.exitCode() + " " + result.stderr().lines().findFirst().orElse(""));
        }
        synced.set(true);
        throw new AssertionError("not done after " + maxRuns + " runs: " + failures);
    }

    /** Every source id in the output; the lines written twice at most one batch per fault. */
    private static void assertEveryRowOnceButAtMostOneBatchPerFault(Path work, int faults, String how) throws IOException {
        BitSet seen = new BitSet(ROWS + 1);
        long lines = 0;
        try (Stream<Path> files = Files.list(work.resolve("out/public.big"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                try (Stream<String> records = Files.lines(file, StandardCharsets.UTF_8)) {
                    for (String record : (Iterable<String>) records::iterator) {
                        Matcher id = ID.matcher(record);
                        assertThat(id.find()).as(record).isTrue();
                        seen.set(Integer.parseInt(id.group(1)));
                        lines++;
                    }
                }
            }
        }
        assertThat(seen.cardinality()).as("distinct rows (" + how + ")").isEqualTo(ROWS);
        assertThat(seen.nextClearBit(1)).as("first missing id (" + how + ")").isEqualTo(ROWS + 1);
        // the README's reliability table quotes these
        System.out.println("SourceFaultsTest: " + faults + " faults, " + (lines - ROWS) + " rows written twice (" + how + ")");
        assertThat(lines - ROWS).as("rows written twice (" + how + ")").isLessThanOrEqualTo((long) faults * BATCH);
    }

    private static int terminateTidemarkSessions(TestDatabase database) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE application_name = 'tidemark' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server on {@code data}, kept when it stops (a cleaned one would come back empty), at a fixed port. */
    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void awaitBatches(Path dataset, int batches) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dataset)) {
                if (files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).count() >= batches) {
                    return;
                }
            } catch (IOException notYet) {
                // the folder appears with the first batch
            }
            sleep(20);
        }
        throw new AssertionError("no " + batches + " batches written within a minute");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
