package io.tidemark.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A selection that cannot sync anything, or credentials the server refuses, stop Tidemark at start-up with one
 * line naming the property (exit 2, nothing written), instead of a run of zero tables that exits 0.
 */
class SelectionFailsFastTest {
    private static final String READER_PASSWORD = "Sel3ction-Pa55";
    private static TestDatabase database;
    private static String readerWithoutGrants;

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.orders (id integer PRIMARY KEY);
                CREATE TABLE public.order_items (id integer PRIMARY KEY);
                """);
        readerWithoutGrants = database.createReader(READER_PASSWORD);
        database.execute("REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM " + readerWithoutGrants);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aSchemaThatDoesNotExist(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.schemas", "no_such_schema");

        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"), work,
                "tidemark.source.schemas: schema 'no_such_schema' not found in the source");
    }

    @Test
    void anIncludeThatMatchesNoTable(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.include-tables", "public.orders,public.ordr_items");

        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"), work,
                "tidemark.source.include-tables: 'public.ordr_items' matches no table");
    }

    @Test
    void anExcludeThatLeavesNothing(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.exclude-tables", "public.order*");

        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"), work,
                "tidemark.source.exclude-tables: excludes every table the selection includes (2 tables)");
    }

    @Test
    void aUserWhoMayReadNoSelectedTable(@TempDir Path work) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.source.username", readerWithoutGrants);
        properties.setProperty("tidemark.source.password", READER_PASSWORD);

        assertConfigurationError(Tidemark.main(properties, Map.of(), "--once"), work,
                "tidemark.source.username: '" + readerWithoutGrants + "' may not SELECT any of the 2 selected tables");
    }

    /** The embedded test server trusts every login; this one checks passwords, as a production server does. */
    @Test
    void aWrongPasswordNamesThePassword(@TempDir Path work) throws Exception {
        try (EmbeddedPostgres server = TestDatabase.checkingPasswords(work.resolve("pgdata"), "right-password")) {
            Properties properties = new Properties();
            properties.setProperty("tidemark.source.jdbc-url", "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres");
            properties.setProperty("tidemark.source.username", "checked_reader");
            properties.setProperty("tidemark.source.password", "wrong-password");
            properties.setProperty("tidemark.sink.directory", work.resolve("out").toString());
            properties.setProperty("tidemark.state.directory", work.resolve("state").toString());

            Tidemark.Result result = Tidemark.main(properties, Map.of(), "--once");

            assertConfigurationError(result, work, "tidemark.source.password: cannot connect to jdbc:postgresql://127.0.0.1:"
                    + server.getPort() + "/postgres as checked_reader: FATAL: password authentication failed");
            assertThat(result.stderr()).doesNotContain("wrong-password");
        }
    }

    private static void assertConfigurationError(Tidemark.Result result, Path work, String expected) {
        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        List<String> lines = result.stderr().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("tidemark: configuration error: " + expected);
        assertThat(result.stdout()).isEmpty();
        assertThat(work.resolve("out")).as("nothing written").doesNotExist();
        assertThat(work.resolve("state")).as("nothing written").doesNotExist();
    }
}
