package io.tidemark.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad value is the core's one line on stderr and exit 2, before Quarkus starts, with nothing written. */
class ConfigurationErrorIT {
    private static final String LINE = "tidemark: configuration error: tidemark.sync.threads: must be a whole number, got 'abc'";

    @Test
    void fromTheEnvironment() throws Exception {
        Path sink = Runs.WORK.resolve("config-error-env/out");
        Runs.Result result = Runs.quarkus(Map.of("TIDEMARK_SYNC_THREADS", "abc", "TIDEMARK_SINK_DIRECTORY", sink.toString()),
                List.of(), "--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo(LINE + System.lineSeparator());
        assertThat(result.stdout()).isEmpty();
        assertThat(sink.getParent()).doesNotExist();
    }

    @Test
    void fromASystemPropertyTheSameAsOnCamelMain() throws Exception {
        Path sink = Runs.WORK.resolve("config-error-sys/out");
        Runs.Result result = Runs.quarkus(Map.of(),
                List.of("-Dtidemark.sync.threads=abc", "-Dtidemark.sink.directory=" + sink), "--once");
        Runs.Result camelMain = Runs.camelMain(Map.of("TIDEMARK_SYNC_THREADS", "abc"), "--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).isEqualTo(LINE + System.lineSeparator()).isEqualTo(camelMain.stderr());
        assertThat(result.stdout()).isEmpty();
        assertThat(sink.getParent()).doesNotExist();
    }

    @Test
    void unknownOptionsAsOnCamelMain() throws Exception {
        Runs.Result result = Runs.quarkus(Map.of(), List.of(), "--twice");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("tidemark: unknown option '--twice'").hasLineCount(1);
    }
}
