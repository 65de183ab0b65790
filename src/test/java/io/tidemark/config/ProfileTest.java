package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.discovery.SizeCategory;
import io.tidemark.monitor.ProcessingPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import io.tidemark.testing.ConfigFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tidemark.profile} through {@link LayeredProperties} and {@link TidemarkConfig}, over a copy of the real
 * config/application.properties (tests run from the repository root). Precedence: system property &gt;
 * environment variable &gt; profile &gt; demo overlay &gt; file. Environment and system properties are passed in.
 */
class ProfileTest {
    private ConfigFolder folder;

    @BeforeEach
    void copyRealConfiguration(@TempDir Path base) {
        folder = new ConfigFolder(base);
    }

    @Test
    void noProfileByDefault() {
        TidemarkConfig config = folder.config(Map.of(), new Properties());

        assertThat(config.sync().profile()).isNull();
        assertThat(config.sync().smallTableRows()).isEqualTo(1_000_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(50_000_000L);
        assertThat(config.monitor().memoryHigh()).isEqualTo(80.0);
        assertThat(config.monitor().cpuHigh()).isEqualTo(85.0);
    }

    @Test
    void devProfileBySystemProperty() {
        LayeredProperties properties = folder.load(Map.of(), ConfigFolder.system("tidemark.profile", "dev"));
        TidemarkConfig config = TidemarkConfig.from(properties);

        assertThat(config.sync().profile()).isEqualTo(Profile.DEV);
        assertThat(config.sync().smallTableRows()).isEqualTo(100_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(1_000_000L);
        assertThat(config.monitor().memoryHigh()).isEqualTo(70.0);
        assertThat(config.monitor().cpuHigh()).isEqualTo(80.0);
        // what the profile does not set stays as in the file
        assertThat(config.monitor().memoryCritical()).isEqualTo(90.0);
        assertThat(config.monitor().cpuCritical()).isEqualTo(95.0);
        assertThat(config.sync().batchSize()).isZero();

        ProcessingPolicy policy = new ProcessingPolicy(config.sync());
        assertThat(policy.batchSize(SizeCategory.SMALL)).isEqualTo(5_000);
        assertThat(policy.batchSize(SizeCategory.MEDIUM)).isEqualTo(4_000);
        assertThat(policy.batchSize(SizeCategory.LARGE)).isEqualTo(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "dev,         DEV,         100000,  1000000,  70, 80",
            "prod,        PROD,        1000000, 10000000, 80, 85",
            "high-volume, HIGH_VOLUME, 5000000, 50000000, 85, 90",
    })
    void everyProfile(String label, Profile profile, long small, long large, double memoryHigh, double cpuHigh) {
        assertThat(profile.label()).isEqualTo(label);
        assertThat(Profile.named(label)).isEqualTo(profile);

        TidemarkConfig config = folder.config(Map.of(), ConfigFolder.system("tidemark.profile", label));

        assertThat(config.sync().profile()).isEqualTo(profile);
        assertThat(config.sync().smallTableRows()).isEqualTo(small);
        assertThat(config.sync().largeTableRows()).isEqualTo(large);
        assertThat(config.monitor().memoryHigh()).isEqualTo(memoryHigh);
        assertThat(config.monitor().cpuHigh()).isEqualTo(cpuHigh);
    }

    @Test
    void profileByEnvironmentVariable() {
        TidemarkConfig config = folder.config(Map.of("TIDEMARK_PROFILE", "prod"), new Properties());

        assertThat(config.sync().profile()).isEqualTo(Profile.PROD);
        assertThat(config.sync().largeTableRows()).isEqualTo(10_000_000L);
    }

    @Test
    void systemPropertyWinsOverTheProfile() {
        TidemarkConfig config = folder.config(Map.of(),
                ConfigFolder.system("tidemark.profile", "dev", "tidemark.sync.small-table-rows", "5000",
                        "tidemark.monitor.cpu-high-percent", "60"));

        assertThat(config.sync().profile()).isEqualTo(Profile.DEV);
        assertThat(config.sync().smallTableRows()).isEqualTo(5_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(1_000_000L);
        assertThat(config.monitor().cpuHigh()).isEqualTo(60.0);
        assertThat(config.monitor().memoryHigh()).isEqualTo(70.0);
    }

    @Test
    void environmentVariableWinsOverTheProfile() {
        TidemarkConfig config = folder.config(Map.of("TIDEMARK_SYNC_SMALL_TABLE_ROWS", "20000"), ConfigFolder.system("tidemark.profile", "dev"));

        assertThat(config.sync().smallTableRows()).isEqualTo(20_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(1_000_000L);
    }

    @Test
    void profileWinsOverTheDemoOverlay() throws IOException {
        folder.writeDemo("tidemark.sync.small-table-rows=10000\n");
        assertThat(folder.config(Map.of(), new Properties()).sync().smallTableRows()).as("demo overlay alone").isEqualTo(10_000L);

        TidemarkConfig config = folder.config(Map.of(), ConfigFolder.system("tidemark.profile", "dev"));

        assertThat(config.source().jdbcUrl()).isEmpty();
        assertThat(config.sync().smallTableRows()).isEqualTo(100_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(1_000_000L);
    }

    @Test
    void profileSetInTheFile() throws IOException {
        folder.setInApplicationFile("tidemark.profile", "high-volume");

        LayeredProperties properties = folder.load(Map.of(), new Properties());
        TidemarkConfig config = TidemarkConfig.from(properties);

        assertThat(config.sync().profile()).isEqualTo(Profile.HIGH_VOLUME);
        assertThat(config.sync().smallTableRows()).isEqualTo(5_000_000L);
        assertThat(config.sync().largeTableRows()).isEqualTo(50_000_000L);
        assertThat(config.monitor().memoryHigh()).isEqualTo(85.0);
        assertThat(config.monitor().cpuHigh()).isEqualTo(90.0);
    }

    @Test
    void systemPropertyProfileWinsOverTheFilesProfile() throws IOException {
        folder.setInApplicationFile("tidemark.profile", "high-volume");

        assertThat(folder.config(Map.of(), ConfigFolder.system("tidemark.profile", "dev")).sync().profile()).isEqualTo(Profile.DEV);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "DEV", "high_volume", "production"})
    void unknownProfileIsRefused(String name) {
        Throwable thrown = catchThrowable(() -> folder.load(Map.of(), ConfigFolder.system("tidemark.profile", name)));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.profile: must be empty or one of dev, prod, high-volume, got '" + name + "'");
        assertThat(((ConfigException) thrown).property()).isEqualTo("tidemark.profile");
    }

    @Test
    void unknownProfileInTheFileIsRefused() throws IOException {
        folder.setInApplicationFile("tidemark.profile", "x");

        Throwable thrown = catchThrowable(() -> folder.load(Map.of(), new Properties()));

        assertThat(thrown).isInstanceOf(ConfigException.class)
                .hasMessage("tidemark.profile: must be empty or one of dev, prod, high-volume, got 'x'");
    }

    @Test
    void blankProfileIsNone() {
        assertThat(Profile.named("")).isNull();
        assertThat(Profile.named("  ")).isNull();
        assertThat(Profile.named(null)).isNull();
        assertThat(Profile.named(" dev ")).isEqualTo(Profile.DEV);
        assertThat(folder.config(Map.of(), ConfigFolder.system("tidemark.profile", "")).sync().profile()).isNull();
    }

    @Test
    void profileBatchSizesAreTenEightAndTwoTimesItsBase() {
        assertThat(Profile.DEV.categoryBatchSizes()).containsExactly(5_000, 4_000, 1_000);
        assertThat(Profile.PROD.categoryBatchSizes()).containsExactly(10_000, 8_000, 2_000);
        assertThat(Profile.HIGH_VOLUME.categoryBatchSizes()).containsExactly(20_000, 16_000, 4_000);
    }
}
