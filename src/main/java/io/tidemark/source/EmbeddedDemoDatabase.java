package io.tidemark.source;

import io.tidemark.config.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo source: an embedded PostgreSQL in a temporary folder, loaded from {@code setup.sql} in one
 * transaction, and removed again when Tidemark stops.
 */
public final class EmbeddedDemoDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDemoDatabase.class);
    public static final String SETUP_FILE = "setup.sql";

    private final EmbeddedPostgres postgres;

    private EmbeddedDemoDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDemoDatabase start(Path baseDir) {
        Path setup = baseDir.resolve(SETUP_FILE);
        if (!Files.isRegularFile(setup)) {
            throw new ConfigException("tidemark.source.jdbc-url",
                    "is empty, which selects the embedded demo, but " + SETUP_FILE + " is not in " + baseDir.toAbsolutePath());
        }
        long started = System.nanoTime();
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new IllegalStateException("The embedded demo PostgreSQL did not start: " + e.getMessage(), e);
        }
        EmbeddedDemoDatabase database = new EmbeddedDemoDatabase(postgres);
        try {
            database.load(setup);
        } catch (IOException | SQLException | RuntimeException e) {
            database.close();
            throw new IllegalStateException("Loading " + SETUP_FILE + " into the embedded demo PostgreSQL failed: " + e.getMessage(), e);
        }
        LOG.info("Embedded demo PostgreSQL on port {} loaded from {} in {} ms", postgres.getPort(), SETUP_FILE,
                (System.nanoTime() - started) / 1_000_000);
        return database;
    }

    private void load(Path setup) throws IOException, SQLException {
        String script = Files.readString(setup, StandardCharsets.UTF_8);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute(script);
            connection.commit();
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Stopping the embedded demo PostgreSQL failed: {}", e.getMessage());
        }
    }
}
