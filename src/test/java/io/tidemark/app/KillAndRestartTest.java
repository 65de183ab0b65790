package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract's crash guarantee, with real processes: {@code tidemark --once} is killed with SIGKILL at ten random
 * points of a 500,000-row sync (each 0-400 ms into a run's extraction) and restarted until it exits 0; afterwards no primary key is missing from the
 * output, no batch file is half written, and at most one batch per kill was written twice.
 */
class KillAndRestartTest {
    private static final int ROWS = 500_000;
    private static final int KILLS = 10;
    private static final int MAX_RUNS = 30;
    /** Small batches: the table takes long enough for every kill to land in the middle of it. */
    private static final int BATCH = 1_000;

    @Test
    void killedAtRandomPointsAndRestartedUntilDoneNoKeyIsMissing(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE public.big (id integer PRIMARY KEY, updated_at timestamptz NOT NULL, payload text);"
                    + "INSERT INTO public.big SELECT g, now() - interval '1 hour', md5(g::text) FROM generate_series(1, " + ROWS + ") g;"
                    + "ANALYZE public.big;");
            long seed = System.nanoTime();
            Random random = new Random(seed);
            List<String> history = new ArrayList<>();
            int exit = -1;
            for (int run = 1; run <= MAX_RUNS && exit != 0; run++) {
                Path log = work.resolve("run-" + run + ".log");
                Process process = start(database, work, log);
                // the first KILLS runs are killed 0-400 ms into their extraction: each gets only a little way
                boolean kill = run <= KILLS && extracting(process, log);
                long killAfterMillis = random.nextInt(400);
                if (!kill || process.waitFor(killAfterMillis, TimeUnit.MILLISECONDS)) {
                    process.waitFor(2, TimeUnit.MINUTES);
                    exit = process.exitValue();
                    history.add("run " + run + ": exit " + exit);
                } else {
                    process.destroyForcibly().waitFor();
                    history.add("run " + run + ": killed " + killAfterMillis + " ms into its extraction");
                }
            }

            System.out.println("KillAndRestartTest seed " + seed + ": " + history);
            assertThat(exit).as("seed %d, %s", seed, history).isZero();
            assertThat(history.stream().filter(h -> h.contains("killed"))).as("runs killed (seed %d)", seed).hasSize(KILLS);
            BitSet seen = new BitSet(ROWS + 1);
            long records = 0;
            ObjectMapper json = new ObjectMapper();
            try (Stream<Path> files = Files.list(work.resolve("out/public.big"))) {
                for (Path file : files.toList()) {
                    assertThat(file.getFileName().toString()).as("no half-written batch is visible")
                            .satisfiesAnyOf(n -> assertThat(n).endsWith(".jsonl").doesNotStartWith("."),
                                    n -> assertThat(n).startsWith(".").endsWith(".tmp"));
                    if (!file.getFileName().toString().endsWith(".jsonl")) {
                        continue;
                    }
                    try (BufferedReader lines = Files.newBufferedReader(file)) {
                        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                            JsonNode record = json.readTree(line);
                            seen.set(record.get("id").asInt());
                            records++;
                        }
                    }
                }
            }
            assertThat(seen.cardinality()).as("distinct keys written (seed %d, %s)", seed, history).isEqualTo(ROWS);
            assertThat(seen.nextClearBit(1)).isEqualTo(ROWS + 1);
            long kills = history.stream().filter(h -> h.contains("killed")).count();
            // the README's reliability table quotes this
            System.out.println("KillAndRestartTest: " + kills + " kills, " + (records - ROWS) + " rows written twice");
            assertThat(records - ROWS).as("rows written twice: at most one batch per kill (seed %d, %s)", seed, history)
                    .isLessThanOrEqualTo(kills * BATCH);
        }
    }

    private static Process start(TestDatabase database, Path work, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName(), "--once");
        builder.directory(Tidemark.REPO_ROOT.toFile());
        builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", database.url());
        builder.environment().put("TIDEMARK_SOURCE_USERNAME", database.username());
        builder.environment().put("TIDEMARK_SOURCE_PASSWORD", database.password());
        builder.environment().put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
        builder.environment().put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
        builder.environment().put("TIDEMARK_SYNC_BATCH_SIZE", Integer.toString(BATCH));
        builder.redirectErrorStream(true);
        builder.redirectOutput(log.toFile());
        return builder.start();
    }

    /** Waits until the process logs that it extracts the table: true then, false when it ended first. */
    private static boolean extracting(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Extracting public.big")) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
