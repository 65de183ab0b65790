package io.tidemark.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preprocessing statements before a cycle's extraction, with named parameters bound as values. */
class PreprocessingTest {
    private static final String STATEMENTS = """
            UPDATE public.orders SET status = 'cleaned' WHERE status = 'dirty' AND :table = 'public.orders';
            INSERT INTO public.preprocess_log (table_name, last_sync, connection_ids, note)
            VALUES (:table, :last_sync, :connection_ids, 'a :colon in text and a '::text || 'cast')
            """;
    private TestDatabase database;
    @TempDir
    Path work;

    @BeforeEach
    void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE TABLE public.orders (id integer PRIMARY KEY, status text);
                INSERT INTO public.orders SELECT g, CASE WHEN g % 4 = 0 THEN 'dirty' ELSE 'ok' END FROM generate_series(1, 100) g;
                CREATE TABLE public.preprocess_log (table_name text, last_sync timestamptz, connection_ids text[], note text);
                """);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void statementsRunBeforeExtractionWithBoundParameters() throws Exception {
        Properties properties = properties(STATEMENTS);

        CycleReport first = cycle(properties);
        CycleReport second = cycle(properties);

        assertThat(JsonlDataset.read(work.resolve("out/public.orders"), first.runId()).column("status"))
                .as("the extraction reads the preprocessed rows").doesNotContain("dirty").contains("cleaned");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name, last_sync IS NULL, array_to_string(connection_ids, ','), note"
                     + " FROM public.preprocess_log ORDER BY last_sync NULLS FIRST")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("public.orders");
            assertThat(rs.getBoolean(2)).as("first cycle: no checkpoint yet").isTrue();
            assertThat(rs.getString(3)).isEqualTo("conn_a,conn_b");
            assertThat(rs.getString(4)).isEqualTo("a :colon in text and a cast");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(2)).as("second cycle: the first cycle's checkpoint").isFalse();
            assertThat(rs.next()).as("only the listed table is preprocessed").isFalse();
        }
        JsonNode run = syncRun(first, "public.orders");
        assertThat(run.get("preprocess_rows").asLong()).isEqualTo(25 + 1);
        assertThat(run.get("preprocess_error").isNull()).isTrue();
        assertThat(syncRun(first, "public.preprocess_log").get("preprocess_rows").isNull()).as("not listed").isTrue();
        assertThat(syncRun(second, "public.orders").get("preprocess_rows").asLong()).isEqualTo(0 + 1);
    }

    @Test
    void aFailingTableIsRolledBackAndRecordedWhileExtractionGoesOn() throws Exception {
        Properties properties = properties("UPDATE public.orders SET status = 'half' WHERE :table = 'public.orders';"
                + "SELECT 1 / 0");

        CycleReport report = cycle(properties);

        assertThat(report.succeeded()).isTrue();
        assertThat(JsonlDataset.read(work.resolve("out/public.orders")).column("status")).as("rolled back").doesNotContain("half");
        assertThat(syncRun(report, "public.orders").get("preprocess_error").asText()).contains("division by zero");
    }

    @Test
    void anUnknownParameterOrMissingTablesIsAConfigurationError() {
        Tidemark.Result unknown = Tidemark.main(properties("DELETE FROM public.orders WHERE id = :order_id"), Map.of(), "--once");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.preprocess.sql: unknown parameter"
                + " :order_id (known: :table, :last_sync, :connection_ids)");

        Properties noTables = properties(STATEMENTS);
        noTables.setProperty("tidemark.preprocess.tables", "");
        Tidemark.Result missing = Tidemark.main(noTables, Map.of(), "--once");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr().strip()).isEqualTo("tidemark: configuration error: tidemark.preprocess.tables: must name"
                + " the tables to preprocess (schema.table globs)");
        assertThat(work.resolve("out")).doesNotExist();
    }

    private Properties properties(String statements) {
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.preprocess.sql", statements);
        properties.setProperty("tidemark.preprocess.tables", "public.ord*");
        properties.setProperty("tidemark.fivetran.connection-id", "conn_a,conn_b");
        return properties;
    }

    private static CycleReport cycle(Properties properties) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            return runtime.runSyncCycle();
        }
    }

    private JsonNode syncRun(CycleReport report, String table) {
        return JsonlDataset.read(work.resolve("out/_tidemark.sync_runs"), report.runId()).records().stream()
                .filter(r -> r.get("table").asText().equals(table)).findFirst().orElseThrow();
    }
}
