package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.LayeredProperties;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.component.properties.PropertiesComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tidemark's configuration has one owner: every value from any source passes its validation, and Camel resolves
 * the routes' placeholders only from what Tidemark hands it. The command line runs in a child JVM here, so the
 * environment variables are real ones, as a user sets them.
 */
class ConfigurationOwnerTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "TIDEMARK_EFFECTIVE_SMALL_THREADS | abc | TIDEMARK_EFFECTIVE_SMALL_THREADS: sets a tidemark.effective.* value, which Tidemark derives from its other properties; remove it",
            "TIDEMARK_EFFECTIVE_SMALL_THREADS | 7   | TIDEMARK_EFFECTIVE_SMALL_THREADS: sets a tidemark.effective.* value, which Tidemark derives from its other properties; remove it",
            "TIDEMARK_EFFECTIVE_RETRY_DELAY_MS | 1  | TIDEMARK_EFFECTIVE_RETRY_DELAY_MS: sets a tidemark.effective.* value, which Tidemark derives from its other properties; remove it",
            "TIDEMARK_SYNC_THREADS            | abc | tidemark.sync.threads: must be a whole number, got 'abc'",
            "TIDEMARK_FRESHNESS_CRON          | now | tidemark.freshness.cron: is not a valid Quartz cron expression ('now')",
            "TIDEMARK_SYNC_TABLE_FILTERS      | []  | tidemark.sync.table-filters: must be a JSON object keyed by schema.table globs"})
    void aBadEnvironmentVariableIsOneLineAndExitTwoWithNothingWritten(String name, String value, String expected,
                                                                       @TempDir Path work) throws Exception {
        Process process = commandLine(work, Map.of(name, value), "--once");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        assertThat(process.exitValue()).isEqualTo(TidemarkMain.CONFIG_ERROR);
        List<String> stderr = Files.readAllLines(work.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertThat(stderr).hasSize(1);
        assertThat(stderr.get(0)).startsWith("tidemark: configuration error: " + expected);
        assertThat(work.resolve("out")).doesNotExist();
        assertThat(work.resolve("state")).doesNotExist();
    }

    @Test
    void derivedValuesCannotBeSetFromTheFileOrSystemPropertiesEither(@TempDir Path work) throws IOException {
        Properties system = new Properties();
        system.setProperty("tidemark.effective.large.threads", "9");

        Tidemark.Result result = Tidemark.main(system, Map.of(), "--once");

        assertThat(result.exitCode()).isEqualTo(TidemarkMain.CONFIG_ERROR);
        assertThat(result.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.effective.large.threads:"
                + " sets a tidemark.effective.* value, which Tidemark derives from its other properties; remove it");
    }

    /** Placeholders resolve from Tidemark's values even while the JVM has a system property of the same name. */
    @Test
    void camelConsultsNeitherTheEnvironmentNorSystemProperties(@TempDir Path work) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            Properties properties = Tidemark.against(database, work);
            properties.setProperty("tidemark.sync.threads", "3");
            LayeredProperties layered = LayeredProperties.load(Tidemark.REPO_ROOT, Map.of(), properties);
            System.setProperty("tidemark.effective.small.threads", "99");
            System.setProperty("tidemark.sync.cron", "bogus");
            try (TidemarkRuntime runtime = TidemarkRuntime.create(Tidemark.REPO_ROOT, TidemarkConfig.from(layered), layered, false)) {
                runtime.start();
                PropertiesComponent camel = (PropertiesComponent) runtime.camelContext().getPropertiesComponent();

                assertThat(camel.getEnvironmentVariableMode()).isEqualTo(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                assertThat(camel.getSystemPropertiesMode()).isEqualTo(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
                assertThat(runtime.camelContext().resolvePropertyPlaceholders("{{tidemark.effective.small.threads}}")).isEqualTo("3");
                assertThat(runtime.camelContext().resolvePropertyPlaceholders("{{tidemark.sync.cron}}")).isEqualTo("0 0/15 * * * ?");
            } finally {
                System.clearProperty("tidemark.effective.small.threads");
                System.clearProperty("tidemark.sync.cron");
            }
        }
    }

    /** {@code java TidemarkMain args} from the repository root, with {@code env} added to a clean Tidemark environment. */
    private static Process commandLine(Path work, Map<String, String> env, String... args) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), TidemarkMain.class.getName());
        builder.command().addAll(List.of(args));
        builder.directory(Tidemark.REPO_ROOT.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TIDEMARK_"));
        builder.environment().put("TIDEMARK_SINK_DIRECTORY", work.resolve("out").toString());
        builder.environment().put("TIDEMARK_STATE_DIRECTORY", work.resolve("state").toString());
        builder.environment().putAll(env);
        builder.redirectOutput(work.resolve("stdout.txt").toFile());
        builder.redirectError(work.resolve("stderr.txt").toFile());
        return builder.start();
    }
}
