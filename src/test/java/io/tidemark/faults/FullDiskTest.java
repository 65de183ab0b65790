package io.tidemark.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the sink folder is a small tmpfs (mounted by the test, which needs root, as the build machine
 * and CI have; elsewhere the test is skipped, saying why). A disk that fills up under a batch fails the write with
 * ENOSPC: the run exits 1, nothing half-written is left, and once there is space again the next run completes
 * the table. With the resource monitor watching, a disk above its critical level pauses the extraction instead,
 * which goes on once space returns.
 */
class FullDiskTest {
    private static final int ROWS = 20_000;
    /** Rows of about 150 bytes as JSON: 3 MB in all, against a 1 MB disk. */
    private static final String TABLE = "CREATE TABLE public.t (n integer PRIMARY KEY, v text);"
            + "INSERT INTO public.t SELECT g, repeat('x', 100) FROM generate_series(1, " + ROWS + ") g";

    @TempDir
    Path work;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = work.resolve("out");
        Files.createDirectories(disk);
        mounted = run("mount", "-t", "tmpfs", "-o", "size=1m", "tidemark-test-disk", disk.toString()) == 0;
        assumeTrue(mounted, "mounting a tmpfs needs root (CAP_SYS_ADMIN)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    void aDiskFullUnderABatchFailsTheRunWithoutAHalfWrittenFileAndTheNextRunCompletes() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute(TABLE);
            Properties properties = properties(database);
            // the monitor does not step in: the write itself meets ENOSPC
            properties.setProperty("tidemark.monitor.disk-critical-percent", "100");

            Tidemark.Result full = Tidemark.main(properties, Map.of(), "--once");

            assertThat(full.exitCode()).as(full.stderr()).isEqualTo(1);
            List<Integer> before = ids();
            assertThat(before).as("batches written before the disk was full").isNotEmpty().hasSizeLessThan(ROWS);
            assertThat(temporaryFiles()).as("no temporary file left behind").isEmpty();

            assertThat(run("mount", "-o", "remount,size=20m", disk.toString())).isZero();
            Tidemark.Result resumed = Tidemark.main(properties, Map.of(), "--once");

            assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
            List<Integer> all = ids();
            assertThat(all.stream().distinct()).hasSize(ROWS);
            assertThat(all.size() - ROWS).as("rows written twice: at most the batch that met the full disk").isLessThanOrEqualTo(500);
        }
    }

    @Test
    void theMonitorPausesAtTheCriticalLevelAndGoesOnOnceSpaceReturns() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute(TABLE);
            Properties properties = properties(database);
            properties.setProperty("tidemark.monitor.disk-critical-percent", "60");
            properties.setProperty("tidemark.monitor.interval", "PT0.1S");
            // the monitor watches the state folder's disk too: on the small disk as well, it is the fullest one
            properties.setProperty("tidemark.state.directory", disk.resolve("state").toString());
            try (TidemarkRuntime runtime = Tidemark.runtimeOnThisMachine(properties)) {
                // about 75 KB a batch, one batch every 50 ms: the monitor sees 60 % long before 100 %
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("write-batch")
                        .after().delay(50));
                CompletableFuture<CycleReport> sync = CompletableFuture.supplyAsync(() -> {
                    try {
                        return runtime.runSyncCycle();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                int writtenWhilePaused = waitForAPause(sync);
                assertThat(diskPercent()).as("the disk's use when writing paused").isGreaterThan(60);
                Thread.sleep(500);
                assertThat(sync).as("waiting for space, not failing").isNotDone();
                assertThat(ids()).as("nothing written while paused").hasSize(writtenWhilePaused);
                assertThat(run("mount", "-o", "remount,size=20m", disk.toString())).isZero();

                CycleReport report = sync.get(2, TimeUnit.MINUTES);
                assertThat(report.succeeded()).isTrue();
                assertThat(ids()).hasSize(ROWS).doesNotHaveDuplicates();
            }
        }
    }

    private Properties properties(TestDatabase database) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "500");
        properties.setProperty("tidemark.freshness.enabled", "false");
        return properties;
    }

    /**
     * Returns the rows written once nothing more was written for 1.5 s while the sync goes on: the extraction is
     * waiting. Fails when the sync ended first, or after a minute.
     */
    private int waitForAPause(CompletableFuture<?> sync) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        int written = -1;
        long unchangedSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            assertThat(sync).as("the sync ended before the disk was full").isNotDone();
            int now = ids().size();
            if (now != written) {
                written = now;
                unchangedSince = System.nanoTime();
            } else if (now > 0 && System.nanoTime() - unchangedSince > TimeUnit.MILLISECONDS.toNanos(1_500)) {
                return now;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no pause within a minute; " + written + " rows written, disk at " + diskPercent() + " %");
    }

    private double diskPercent() throws IOException {
        var store = Files.getFileStore(disk);
        return (store.getTotalSpace() - store.getUsableSpace()) * 100.0 / store.getTotalSpace();
    }

    private List<Integer> ids() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Integer> ids = new ArrayList<>();
        Path folder = disk.resolve("public.t");
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    ids.add(json.readTree(line).get("n").asInt()); // every line a whole record
                }
            }
        }
        return ids;
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.walk(disk)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static int run(String... command) throws Exception {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException notThere) {
            return -1;
        }
    }
}
