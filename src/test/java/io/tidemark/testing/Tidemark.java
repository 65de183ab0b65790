package io.tidemark.testing;

import io.tidemark.app.TidemarkMain;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.monitor.ResourceSample;
import io.tidemark.monitor.ResourceSampler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs Tidemark from the repository root (the real {@code config/} and {@code routes/}) with test properties
 * given as system properties, the highest layer of the configuration.
 */
public final class Tidemark {
    public static final Path REPO_ROOT = Path.of("").toAbsolutePath();

    private Tidemark() {
    }

    /** Properties pointing Tidemark at {@code database} and writing under {@code outputDir}. */
    public static Properties against(TestDatabase database, Path outputDir) {
        Properties properties = new Properties();
        properties.setProperty("tidemark.source.jdbc-url", database.url());
        properties.setProperty("tidemark.source.username", database.username());
        properties.setProperty("tidemark.source.password", database.password());
        properties.setProperty("tidemark.sink.directory", outputDir.resolve("out").toString());
        properties.setProperty("tidemark.state.directory", outputDir.resolve("state").toString());
        properties.setProperty("tidemark.sync.retry-delay", "PT0.05S");
        properties.setProperty("tidemark.sync.max-retry-delay", "PT0.2S");
        // a scheduled runtime's management server: never the default 9876, which a Tidemark on this machine may hold
        properties.setProperty("camel.management.port", Integer.toString(freePort()));
        return properties;
    }

    /** A TCP port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A machine under no pressure. Route tests use it so that their batch sizes and concurrency do not depend on
     * how busy the test machine is; the resource policy's own tests script pressure or use the real sampler.
     */
    public static final ResourceSampler CALM = () -> new ResourceSample(Instant.now(), 10, 10, 10, 10, 1L << 30);

    /** A started runtime (no schedules) on a {@link #CALM} machine for route-level tests; close it after. */
    public static TidemarkRuntime runtime(Properties properties) throws Exception {
        return runtime(properties, CALM);
    }

    /** A started runtime (no schedules) that reads the machine with OSHI, as in production. */
    public static TidemarkRuntime runtimeOnThisMachine(Properties properties) throws Exception {
        LayeredProperties layered = LayeredProperties.load(REPO_ROOT, Map.of(), properties);
        TidemarkRuntime runtime = TidemarkRuntime.create(REPO_ROOT, TidemarkConfig.from(layered), layered, false);
        runtime.start();
        return runtime;
    }

    /** As {@link #runtime(Properties)}, reading the machine's resources from {@code sampler}. */
    public static TidemarkRuntime runtime(Properties properties, ResourceSampler sampler) throws Exception {
        LayeredProperties layered = LayeredProperties.load(REPO_ROOT, Map.of(), properties);
        TidemarkRuntime runtime = TidemarkRuntime.create(REPO_ROOT, TidemarkConfig.from(layered), layered, false, sampler);
        runtime.start();
        return runtime;
    }

    /**
     * A scheduled runtime (its management server up, clustered when the properties say so) whose schedules never fire
     * during a test: its cycles and checks are run by hand. Not started yet.
     */
    public static TidemarkRuntime scheduledByHand(Properties properties) {
        properties.setProperty("tidemark.sync.cron", "0 0 0 1 1 ? 2099");
        properties.setProperty("tidemark.freshness.cron", "0 0 0 1 1 ? 2099");
        LayeredProperties layered = LayeredProperties.load(REPO_ROOT, Map.of(), properties);
        return TidemarkRuntime.create(REPO_ROOT, TidemarkConfig.from(layered), layered, true);
    }

    /** Runs the command line in-process, as {@code java -jar tidemark.jar args}. */
    public static Result main(Properties properties, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TidemarkMain.run(List.of(args), REPO_ROOT, env, properties,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }
}
