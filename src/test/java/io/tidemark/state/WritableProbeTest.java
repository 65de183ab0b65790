package io.tidemark.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.config.StateType;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health endpoint's check that checkpoints can be written, for both stores. */
class WritableProbeTest {

    @Test
    void aFileStoreIsWritableWhenAFileCanBeCreatedInItsFolder(@TempDir Path work) throws Exception {
        TidemarkConfig.State config = new TidemarkConfig.State(StateType.FILE, Path.of("state"), "", "", "");

        assertThat(StateStores.writableProbe(config, work).check()).isEqualTo(work.resolve("state/tables").toString());
        assertThat(work.resolve("state/tables")).isEmptyDirectory();
    }

    @Test
    void aControlDatabaseIsWritableForAUserWhoMayInsertAndUpdateTheCheckpoints(@TempDir Path work) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            TidemarkConfig.State owner = new TidemarkConfig.State(StateType.JDBC, Path.of("state"), db.url(), db.username(), db.password());
            StateStores.Opened opened = StateStores.open(owner, work);
            opened.resources().close();
            assertThat(StateStores.writableProbe(owner, work).check()).startsWith("jdbc:postgresql://");

            String reader = db.createReader("probe-secret");
            TidemarkConfig.State readOnly = new TidemarkConfig.State(StateType.JDBC, Path.of("state"), db.url(), reader, "probe-secret");
            assertThatThrownBy(() -> StateStores.writableProbe(readOnly, work).check())
                    .hasMessageStartingWith("the user may not insert and update tidemark_state in jdbc:postgresql://")
                    .hasMessageNotContaining("probe-secret");
        }
    }
}
