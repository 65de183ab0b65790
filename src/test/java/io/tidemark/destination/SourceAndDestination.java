package io.tidemark.destination;

import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.util.Properties;
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

    /**
     * Tidemark reading the source, writing with the jdbc sink into {@code schema} of the destination, in batches of
     * 1,000 rows, without the freshness check.
     */
    Properties toDestination(String schema) {
        Properties properties = Tidemark.against(source, work);
        properties.setProperty("tidemark.sink.type", "jdbc");
        properties.setProperty("tidemark.sink.jdbc-url", destination.url());
        properties.setProperty("tidemark.sink.username", destination.username());
        properties.setProperty("tidemark.sink.password", destination.password());
        properties.setProperty("tidemark.sink.schema", schema);
        properties.setProperty("tidemark.sync.batch-size", "1000");
        properties.setProperty("tidemark.freshness.enabled", "false");
        return properties;
    }

    @AfterEach
    void dropDatabases() {
        source.close();
        destination.close();
    }
}
