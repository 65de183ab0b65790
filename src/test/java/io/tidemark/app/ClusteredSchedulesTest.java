package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.ClusterNode;
import io.tidemark.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tidemark processes clustered on one control database ({@code tidemark.cluster.enabled}): each firing of the
 * sync schedule runs on one node only, and when that node is killed the other goes on firing. Which node fired each
 * cycle is in the claim table ({@code fired_by}).
 */
class ClusteredSchedulesTest {
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Test
    void eachFiringRunsOnOneNodeAndTheOtherTakesOver(@TempDir Path work) throws Exception {
        try (TestDatabase source = TestDatabase.create(); TestDatabase control = TestDatabase.create()) {
            source.execute("CREATE TABLE public.items (id int PRIMARY KEY); INSERT INTO public.items SELECT generate_series(1, 50)");
            Map<String, String> everyTwoSeconds = Map.of("TIDEMARK_SYNC_CRON", "0/2 * * * * ?");
            Instant killed;
            String survivor;
            try (ClusterNode first = ClusterNode.start("node-1", work, source, control, everyTwoSeconds);
                 ClusterNode second = ClusterNode.start("node-2", work, source, control, everyTwoSeconds)) {
                // a few firings with both nodes alive (the JVMs start at the pace of the machine)
                long started = System.nanoTime();
                while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(90) && cyclesSoFar(control) < 4) {
                    Thread.sleep(500);
                }
                // kill -9 the node that fired the latest cycle: the firings must go on at the other
                List<Cycle> before = cycles(control);
                assertThat(before).as("cycles fired; node-1's log:%n%s", first.log()).isNotEmpty();
                String firing = before.get(before.size() - 1).firedBy();
                ClusterNode firingNode = firing.equals(first.name()) ? first : second;
                survivor = firing.equals(first.name()) ? second.name() : first.name();
                firingNode.kill();
                killed = Instant.now();
                // Quartz declares a node dead after its missed check-ins (5 s interval, 7.5 s grace), then the
                // survivor recovers its triggers
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && firedAfter(control, survivor, killed).isEmpty()) {
                    Thread.sleep(500);
                }
                ClusterNode survivorNode = firing.equals(first.name()) ? second : first;
                assertThat(firedAfter(control, survivor, killed)).as("the remaining node fires after the other was killed;"
                        + " its log:%n%s", survivorNode.log()).isNotEmpty();
                Thread.sleep(5_000); // some firings of the survivor alone
            }
            List<Cycle> cycles = cycles(control);
            // while both nodes lived, each firing (every 2 s) ran one cycle, on one of them
            Map<Instant, Integer> cyclesPerFiring = new TreeMap<>();
            cycles.stream().filter(c -> c.startedAt().isBefore(killed)).forEach(c -> cyclesPerFiring.merge(c.startedAt(), 1, Integer::sum));
            assertThat(cyclesPerFiring).as("cycles per firing second, both nodes alive: %s", cyclesPerFiring).hasSizeGreaterThan(2)
                    .allSatisfy((firing, count) -> assertThat(count).isEqualTo(1));
            // after the takeover, the firings missed meanwhile are not run in a burst: at most the dead node's firing
            // run again (a recovered job) and one misfired firing, together
            Map<Instant, Integer> afterTakeover = new TreeMap<>();
            cycles.stream().filter(c -> c.startedAt().isAfter(killed)).forEach(c -> afterTakeover.merge(c.startedAt(), 1, Integer::sum));
            assertThat(afterTakeover).as("cycles per second after the kill: %s", afterTakeover)
                    .allSatisfy((at, count) -> assertThat(count).isLessThanOrEqualTo(2));
            assertThat(cycles.stream().filter(c -> c.startedAt().isAfter(killed))).allMatch(c -> c.firedBy().equals(survivor));
        }
    }

    /** A cycle: when it started (to the second, from its run id) and the node that fired it. */
    private record Cycle(Instant startedAt, String firedBy) {
    }

    private static List<Cycle> cycles(TestDatabase control) throws SQLException {
        return ClusterNode.query(control, "SELECT DISTINCT run_id, fired_by FROM tidemark_claims ORDER BY run_id").stream()
                .map(row -> {
                    String runId = (String) row.get("run_id");
                    return new Cycle(LocalDateTime.parse(runId.substring(0, runId.indexOf('-')), RUN_ID_TIME)
                            .toInstant(ZoneOffset.UTC), (String) row.get("fired_by"));
                }).toList();
    }

    /** Cycles fired so far; 0 while the first node has not created the claim table. */
    private static int cyclesSoFar(TestDatabase control) {
        try {
            return cycles(control).size();
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static List<Cycle> firedAfter(TestDatabase control, String node, Instant after) throws SQLException {
        return cycles(control).stream().filter(c -> c.firedBy().equals(node) && c.startedAt().isAfter(after)).toList();
    }
}
