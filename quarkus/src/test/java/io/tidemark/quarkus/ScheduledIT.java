package io.tidemark.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Without {@code --once}: runs scheduled, answers /q/health and /q/metrics, and stops on SIGTERM. */
class ScheduledIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void answersHealthAndMetricsUntilTerminated() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path work = Runs.WORK.resolve("scheduled");
        Runs.deleteRecursively(work);
        Files.createDirectories(work);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Process tidemark = Runs.startQuarkus(Map.of(
                    "TIDEMARK_SOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"),
                    "TIDEMARK_SOURCE_USERNAME", "postgres",
                    "TIDEMARK_SOURCE_PASSWORD", "postgres",
                    "TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString(),
                    "TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString(),
                    "TIDEMARK_SYNC_CRON", "0/2 * * * * ?",
                    "QUARKUS_HTTP_PORT", Integer.toString(port)), work.resolve("stdout.txt"), work.resolve("stderr.txt"));
            try {
                String health = awaitHealthy("http://localhost:" + port + "/q/health", tidemark, work);
                assertThat(health).contains("\"status\": \"UP\"").contains("camel-routes").contains("\"context.name\": \"tidemark\"")
                        .contains("tidemark-source").contains("tidemark-state-store");

                // a cycle every 2 s: Tidemark's meters registered after start reach Quarkus' registry too
                String metrics = awaitMetric("http://localhost:" + port + "/q/metrics", "tidemark_cycle_duration_seconds_count");
                assertThat(metrics).contains("tidemark_category_threads{category=\"small\"}")
                        .contains("tidemark_resources_heap_percent")
                        .contains("tidemark_pressure_level{resource=\"memory\"}")
                        .contains("camel_routes_running_routes");
            } finally {
                tidemark.destroy(); // SIGTERM
                assertThat(tidemark.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            }
        }
    }

    private String awaitHealthy(String url, Process tidemark, Path work) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(tidemark.isAlive()).as(() -> "exited: " + read(work.resolve("stderr.txt"))).isTrue();
            try {
                HttpResponse<String> response = get(url);
                // Quarkus answers before the Camel context has registered its checks: an empty UP is not yet healthy
                if (response.statusCode() == 200 && response.body().contains("camel-routes")) {
                    return response.body();
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not healthy in 90 s: " + read(work.resolve("stderr.txt")));
    }

    private String awaitMetric(String url, String metric) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = get(url).body();
            if (metrics.contains(metric)) {
                return metrics;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + metric + " in 30 s:\n" + metrics);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) {
        try {
            return Runs.read(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
