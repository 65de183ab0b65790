package io.tidemark.destination;

import io.tidemark.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Two fresh databases of the test server per test: the source Tidemark reads and the destination it writes. */
abstract class SourceAndDestination {
    TestDatabase source;
    TestDatabase destination;
    @TempDir
    Path work;

    @BeforeEach
    void createDatabases() {
        source = TestDatabase.create();
        destination = TestDatabase.create();
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        destination.close();
    }
}
