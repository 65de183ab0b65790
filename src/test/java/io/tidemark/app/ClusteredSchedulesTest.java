package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tidemark processes clustered on one control database ({@code tidemark.cluster.enabled}): each firing of the
 * sync schedule runs on one node only, and when that node is killed the other goes on firing.
 */
class ClusteredSchedulesTest {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Test
    void eachFiringRunsOnOneNodeAndTheOtherTakesOver(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabase.create(); TestDatabase control = TestDatabase.create()) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY); INSERT INTO public.items SELECT generate_series(1, 50)");
            Instant[] killedAt = new Instant[1];
            Process first = start(source, control, work.resolve("node-1"));
            Process second = start(source, control, work.resolve("node-2"));
            try {
                Thread.sleep(10_000);
                // kill -9 the node that has been firing: its firings must go on at the other
                boolean firstFires = !cycleStarts(work.resolve("node-1")).isEmpty();
                Process firing = firstFires ? first : second;
                Path survivor = work.resolve(firstFires ? "node-2" : "node-1");
                firing.destroyForcibly();
                firing.waitFor(20, TimeUnit.SECONDS);
                Instant killed = Instant.now();
                killedAt[0] = killed;
                // Quartz declares a node dead after its missed check-ins (5 s interval, 7.5 s grace), then the
                // survivor recovers its triggers
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && cycleStarts(survivor).stream().noneMatch(s -> s.isAfter(killed))) {
                    Thread.sleep(500);
                }
                assertThat(cycleStarts(survivor)).as("the remaining node fires after the other was killed; its log:%n%s",
                        Files.readString(survivor.resolve("log.txt"))).anyMatch(start -> start.isAfter(killed));
                Thread.sleep(5_000); // some firings of the survivor alone
            } finally {
                for (Process node : List.of(first, second)) {
                    node.destroyForcibly();
                    node.waitFor(30, TimeUnit.SECONDS);
                }
            }
            // while both nodes lived, each firing (every 2 s) ran one cycle, on one of them
            Map<Instant, Integer> cyclesPerFiring = new TreeMap<>();
            List<Instant> all = new ArrayList<>(cycleStarts(work.resolve("node-1")));
            all.addAll(cycleStarts(work.resolve("node-2")));
            all.stream().filter(start -> start.isBefore(killedAt[0])).forEach(start -> cyclesPerFiring.merge(start, 1, Integer::sum));
            assertThat(cyclesPerFiring).as("cycles per firing second, both nodes alive: %s", cyclesPerFiring).hasSizeGreaterThan(2)
                    .allSatisfy((firing, cycles) -> assertThat(cycles).isEqualTo(1));
            // after the takeover, the firings missed meanwhile are not run in a burst: at most the dead node's firing
            // run again (a recovered job) and one misfired firing, together
            Map<Instant, Integer> afterTakeover = new TreeMap<>();
            all.stream().filter(start -> start.isAfter(killedAt[0])).forEach(start -> afterTakeover.merge(start, 1, Integer::sum));
            assertThat(afterTakeover).as("cycles per second after the kill: %s", afterTakeover)
                    .allSatisfy((at, cycles) -> assertThat(cycles).isLessThanOrEqualTo(2));
        }
    }

    private static Process start(TestDatabase source, TestDatabase control, Path node) throws Exception {
        Files.createDirectories(node);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName());
        builder.directory(Tidemark.REPO_ROOT.toFile());
        Map<String, String> env = builder.environment();
        env.put("TIDEMARK_SOURCE_JDBC_URL", source.url());
        env.put("TIDEMARK_SOURCE_USERNAME", source.username());
        env.put("TIDEMARK_SOURCE_PASSWORD", source.password());
        env.put("TIDEMARK_SINK_DIRECTORY", node.resolve("out").toString());
        env.put("TIDEMARK_STATE_DIRECTORY", node.resolve("state").toString());
        env.put("TIDEMARK_STATE_TYPE", "jdbc");
        env.put("TIDEMARK_STATE_JDBC_URL", control.url());
        env.put("TIDEMARK_STATE_USERNAME", control.username());
        env.put("TIDEMARK_STATE_PASSWORD", control.password());
        env.put("TIDEMARK_CLUSTER_ENABLED", "true");
        env.put("TIDEMARK_CLUSTER_JDBC_URL", control.url());
        env.put("TIDEMARK_CLUSTER_USERNAME", control.username());
        env.put("TIDEMARK_CLUSTER_PASSWORD", control.password());
        env.put("TIDEMARK_SYNC_CRON", "0/2 * * * * ?");
        env.put("TIDEMARK_FRESHNESS_ENABLED", "false");
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(Tidemark.freePort()));
        builder.redirectErrorStream(true);
        builder.redirectOutput(node.resolve("log.txt").toFile());
        return builder.start();
    }

    /** When each cycle of a node started, to the second (its run id's time). */
    private static List<Instant> cycleStarts(Path node) {
        Path runs = node.resolve("out/_tidemark.sync_runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        return JsonlDataset.read(runs).records().stream().map(record -> record.get("run_id").asText()).distinct()
                .map(runId -> LocalDateTime.parse(runId.substring(0, runId.indexOf('-')), RUN_ID_TIME).toInstant(ZoneOffset.UTC))
                .toList();
    }
}
