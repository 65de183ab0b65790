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
 * The contract's crash guarantee, with real processes: {@code tidemark --once} is killed with SIGKILL at random
 * points of a 500,000-row sync and restarted until it exits 0; afterwards no primary key is missing from the
 * output, and no batch file is half written.
 */
class KillAndRestartTest {
    private static final int ROWS = 500_000;
    private static final int MAX_RUNS = 20;

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
                Process process = start(database, work);
                // the JVM and Camel start in about 1.5 s; the table takes a few seconds: kill within that window
                long killAfterMillis = run == MAX_RUNS ? Long.MAX_VALUE : 1_000 + random.nextInt(3_000);
                if (process.waitFor(Math.min(killAfterMillis, 120_000), TimeUnit.MILLISECONDS)) {
                    exit = process.exitValue();
                    history.add("run " + run + ": exit " + exit);
                } else {
                    process.destroyForcibly().waitFor();
                    history.add("run " + run + ": killed after " + killAfterMillis + " ms");
                }
            }

            System.out.println("KillAndRestartTest seed " + seed + ": " + history);
            assertThat(exit).as("seed %d, %s", seed, history).isZero();
            assertThat(history).as("at least one run was killed (seed %d)", seed).anyMatch(h -> h.contains("killed"));
            BitSet seen = new BitSet(ROWS + 1);
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
                        }
                    }
                }
            }
            assertThat(seen.cardinality()).as("distinct keys written (seed %d, %s)", seed, history).isEqualTo(ROWS);
            assertThat(seen.nextClearBit(1)).isEqualTo(ROWS + 1);
        }
    }

    private static Process start(TestDatabase database, Path work) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName(), "--once");
        builder.directory(Tidemark.REPO_ROOT.toFile());
        builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", database.url());
        builder.environment().put("TIDEMARK_SOURCE_USERNAME", database.username());
        builder.environment().put("TIDEMARK_SOURCE_PASSWORD", database.password());
        builder.environment().put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
        builder.environment().put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve("process.log").toFile());
        return builder.start();
    }
}
