package io.tidemark.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.app.TidemarkMain;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark.log.format=json} on a real {@code --once} (in a process of its own: the format is switched for the
 * whole JVM): every stderr line one JSON object, the table's lines carrying the run id and the table, no password.
 */
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "json-logs-secret-pw";

    @Test
    void everyLineIsAJsonObjectWithTheRunAndTheTable(@TempDir Path work) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            db.execute("CREATE TABLE public.items (id int PRIMARY KEY, name text); INSERT INTO public.items"
                    + " SELECT g, 'item ' || g FROM generate_series(1, 100) g");
            String reader = db.createReader(PASSWORD);
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName(), "--once");
            builder.directory(Tidemark.REPO_ROOT.toFile());
            builder.environment().put("TIDEMARK_SOURCE_JDBC_URL", db.url());
            builder.environment().put("TIDEMARK_SOURCE_USERNAME", reader);
            builder.environment().put("TIDEMARK_SOURCE_PASSWORD", PASSWORD);
            builder.environment().put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
            builder.environment().put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
            builder.environment().put("TIDEMARK_FRESHNESS_ENABLED", "false");
            builder.environment().put("TIDEMARK_LOG_FORMAT", "json");
            builder.redirectError(work.resolve("stderr").toFile());
            builder.redirectOutput(work.resolve("stdout").toFile());
            Process process = builder.start();
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
            String stderr = Files.readString(work.resolve("stderr"));
            assertThat(process.exitValue()).as(stderr).isZero();

            List<JsonNode> lines = new ArrayList<>();
            for (String line : stderr.lines().toList()) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).isNotEmpty().allSatisfy(line -> {
                assertThat(line.get("time").asText()).endsWith("Z");
                assertThat(line.get("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(line.get("logger").asText()).isNotBlank();
                assertThat(line.get("message").asText()).isNotBlank();
            });
            JsonNode extracting = lines.stream().filter(line -> line.get("message").asText().startsWith("Extracting public.items"))
                    .findFirst().orElseThrow(() -> new AssertionError("no extraction line in " + stderr));
            assertThat(extracting.get("table").asText()).isEqualTo("public.items");
            assertThat(extracting.get("run_id").asText()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
            assertThat(lines).filteredOn(line -> line.get("message").asText().startsWith("Sync cycle"))
                    .allSatisfy(line -> assertThat(line.has("table")).isFalse())
                    .anySatisfy(line -> assertThat(line.get("run_id").asText()).isEqualTo(extracting.get("run_id").asText()));
            assertThat(stderr).doesNotContain(PASSWORD);
            assertThat(Files.readString(work.resolve("stdout"))).contains("public.items");
        }
    }
}
