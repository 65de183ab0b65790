package io.tidemark.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.discovery.SourceTable;
import io.tidemark.run.CycleReport;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource policy in the real routes: batch sizes and a category's concurrency follow the samples, within
 * one batch, and recover after. A scripted sampler stands in for the machine; the last test uses the real one.
 */
class AdaptiveExtractionTest {
    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        StringBuilder sql = new StringBuilder("CREATE SCHEMA wide; CREATE SCHEMA many; CREATE SCHEMA empty;"
                + "CREATE TABLE wide.rows60k (id integer PRIMARY KEY, v text);"
                + "INSERT INTO wide.rows60k SELECT g, 'value ' || g FROM generate_series(1, 60000) g;");
        for (int i = 1; i <= 32; i++) {
            sql.append(String.format("CREATE TABLE many.t%02d (id integer PRIMARY KEY); INSERT INTO many.t%02d VALUES (1);", i, i));
        }
        for (int i = 1; i <= 200; i++) {
            sql.append(String.format("CREATE TABLE empty.e%03d (id integer PRIMARY KEY);", i));
        }
        sql.append("ANALYZE;");
        database.execute(sql.toString());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void memoryPressureShrinksTheNextBatchAndItGrowsBackAfter(@TempDir Path work) throws Exception {
        // one sample per batch: batches 4 to 6 see 85 % memory (high), the others 10 %
        ScriptedSampler sampler = new ScriptedSampler(call -> call >= 4 && call <= 6 ? sample(10, 85) : sample(10, 10));
        Properties properties = properties(work, "wide.*");

        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties, sampler)) {
            report = runtime.runSyncCycle();
        }

        assertThat(report.succeeded()).isTrue();
        // decided: 5000 × 3, then 3750 (× 0.75) × 3, then back toward 5000 by at most 25 % a batch: 4687, 5000 ...
        // read: the same sizes one batch later, as each batch is read ahead with the size decided for the one before
        assertThat(rowsPerBatchFile(work.resolve("out/wide.rows60k")))
                .containsExactly(5000, 5000, 5000, 5000, 3750, 3750, 3750, 4687, 5000, 5000, 5000, 5000, 4063);
        JsonNode run = JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records().get(0);
        assertThat(run.get("batch_size_min").asInt()).isEqualTo(3750);
        assertThat(run.get("batch_size_max").asInt()).isEqualTo(5000);
        assertThat(run.get("pressure_events").asInt()).isEqualTo(3);
        JsonlDataset.read(work.resolve("out/wide.rows60k")).assertEqualsTable(database, "wide", "rows60k");
    }

    @Test
    void cpuPressureLowersACategorysConcurrencyFromFourToTwoToOneAndBack(@TempDir Path work) throws Exception {
        // CPU by how many tables have started: 1-8 idle, 9-16 high (85 < 90), 17-24 critical (97 > 95), then idle
        AtomicInteger started = new AtomicInteger();
        ScriptedSampler sampler = new ScriptedSampler(call -> {
            int n = started.get();
            return sample(n <= 8 ? 10 : n <= 16 ? 90 : n <= 24 ? 97 : 10, 10);
        });
        List<int[]> starts = Collections.synchronizedList(new ArrayList<>()); // {table number, in flight at its start}
        AtomicInteger inFlight = new AtomicInteger();

        try (TidemarkRuntime runtime = Tidemark.runtime(properties(work, "many.*"), sampler)) {
            AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveAddFirst().process(exchange -> {
                int number = Integer.parseInt(exchange.getMessage().getBody(SourceTable.class).name().substring(1));
                starts.add(new int[] {number, inFlight.incrementAndGet()});
                started.incrementAndGet();
                Thread.sleep(150);
                inFlight.decrementAndGet();
            }));
            assertThat(runtime.runSyncCycle().succeeded()).isTrue();
        }

        assertThat(starts).hasSize(32);
        String sequence = List.copyOf(starts).stream().map(s -> s[0] + ":" + s[1]).reduce((a, b) -> a + " " + b).orElse("");
        String description = "starts (table:in flight) " + sequence;
        assertThat(maxInFlight(starts, 1, 8)).as(description).isEqualTo(4);
        // a level changes at the first sample after a phase begins (a running table's next batch), so the wave
        // of tables that took their slots before that still runs under the old limit: 9-12, 17-18, 25
        assertThat(maxInFlight(starts, 13, 16)).as(description).isLessThanOrEqualTo(2);
        assertThat(maxInFlight(starts, 19, 24)).as(description).isEqualTo(1);
        assertThat(maxInFlight(starts, 27, 32)).as(description).isBetween(3, 4);
        assertThat(starts).allSatisfy(s -> assertThat(s[1]).isLessThanOrEqualTo(4));
    }

    @Test
    void withTheRealSamplerAOnePercentMemoryThresholdGivesThreeQuarterBatches(@TempDir Path work) throws Exception {
        Properties properties = properties(work, "wide.*");
        properties.setProperty("tidemark.monitor.memory-high-percent", "1");
        properties.remove("tidemark.monitor.interval");

        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtimeOnThisMachine(properties)) {
            report = runtime.runSyncCycle();
        }

        assertThat(report.succeeded()).isTrue();
        JsonNode run = JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records().get(0);
        assertThat(run.get("batch_size_min").asInt()).isEqualTo(3750);
        assertThat(run.get("batch_size_max").asInt()).isEqualTo(3750);
        assertThat(run.get("batches").asInt()).isEqualTo(16); // 60,000 / 3750
        assertThat(run.get("pressure_events").asInt()).isEqualTo(17); // every read, the one finding the end included
    }

    @Test
    void monitoringSamplesAtMostOncePerIntervalHoweverManyBatches(@TempDir Path work) throws Exception {
        ScriptedSampler sampler = new ScriptedSampler(call -> sample(10, 10));
        Properties properties = properties(work, "empty.*");
        properties.setProperty("tidemark.monitor.interval", "PT1S");

        long started = System.nanoTime();
        CycleReport report;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties, sampler)) {
            report = runtime.runSyncCycle();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(report.tables()).hasSize(200);
        assertThat(report.succeeded()).isTrue();
        // 200 tables, 200 batch decisions, but one sample per second of the cycle at most
        assertThat(sampler.calls()).isPositive().isLessThanOrEqualTo((int) Math.ceil(seconds) + 1);
    }

    private static Properties properties(Path work, String include) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.include-tables", include);
        properties.setProperty("tidemark.monitor.interval", "PT0S");
        return properties;
    }

    private static int maxInFlight(List<int[]> starts, int fromTable, int toTable) {
        return List.copyOf(starts).stream().filter(s -> s[0] >= fromTable && s[0] <= toTable).mapToInt(s -> s[1]).max().orElseThrow();
    }

    private static List<Integer> rowsPerBatchFile(Path folder) throws Exception {
        List<Integer> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                rows.add((int) Files.readAllLines(file).size());
            }
        }
        return rows;
    }

    private static ResourceSample sample(double cpu, double memory) {
        return new ResourceSample(Instant.now(), cpu, memory, 5, 20, 1L << 30);
    }

    /** Returns the sample its script gives for the n-th call (1-based), and counts calls. */
    static final class ScriptedSampler implements ResourceSampler {
        private final IntFunction<ResourceSample> script;
        private final AtomicInteger calls = new AtomicInteger();

        ScriptedSampler(IntFunction<ResourceSample> script) {
            this.script = script;
        }

        @Override
        public ResourceSample sample() {
            return script.apply(calls.incrementAndGet());
        }

        int calls() {
            return calls.get();
        }
    }
}
