package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without {@code --once}, cycles run on {@code tidemark.sync.cron} (a Quartz cron with spaces, as configured). */
class ScheduleTest {

    @Test
    void cyclesRunOnTheCronSchedule(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            database.execute("CREATE TABLE public.ticks (id integer PRIMARY KEY); INSERT INTO public.ticks VALUES (1), (2);");
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.cron", "0/1 * * * * ?");
            LayeredProperties layered = LayeredProperties.load(Tidemark.REPO_ROOT, Map.of(), properties);

            try (TidemarkRuntime runtime = TidemarkRuntime.create(Tidemark.REPO_ROOT, TidemarkConfig.from(layered), layered, true)) {
                runtime.start();
                Path runs = work.resolve("out/_tidemark.sync_runs");
                // two cycles, each writing its own run record for the table
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.isDirectory(runs) && JsonlDataset.read(runs).size() >= 2);
            }

            assertThat(JsonlDataset.read(work.resolve("out/_tidemark.sync_runs")).records())
                    .extracting(r -> r.get("run_id").asText()).doesNotHaveDuplicates();
        }
    }
}
