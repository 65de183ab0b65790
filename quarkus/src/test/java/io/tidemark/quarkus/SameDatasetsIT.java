package io.tidemark.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance of issue 9: a real database synced by {@code quarkus-run.jar --once} gives the same datasets,
 * line for line, as by {@code target/tidemark.jar --once} (apart from {@code _tidemark_synced_at} and the run
 * ids, times and adaptive sizes that differ between any two runs), for a full sync and an incremental second cycle.
 */
class SameDatasetsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields of Tidemark's own datasets that differ between any two runs. */
    private static final Pattern VARYING = Pattern.compile(
            "_tidemark_synced_at|run_id|check_id|.*_at|.*_timestamp|seconds|threads|batches|batch_size_.*|pressure_events");
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        sql("""
                CREATE SCHEMA sales;
                CREATE TABLE public.people (id integer PRIMARY KEY, name text, score numeric(10,2), born date,
                  seen timestamptz, tags text[], doc jsonb, active boolean, photo bytea);
                INSERT INTO public.people
                  SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'person ' || g END, g * 1.25, DATE '1970-01-01' + g,
                         TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 minute', ARRAY['t' || g % 3, 'x'],
                         jsonb_build_object('n', g, 'even', g % 2 = 0), g % 2 = 0, decode(lpad(to_hex(g), 8, '0'), 'hex')
                  FROM generate_series(1, 3000) g;
                CREATE TABLE sales.orders (order_id bigint PRIMARY KEY, customer text, amount numeric(12,2),
                  updated_at timestamptz NOT NULL);
                INSERT INTO sales.orders
                  SELECT g, 'c' || g % 97, g * 0.5, TIMESTAMPTZ '2024-06-01 00:00:00+00' + g * INTERVAL '1 second'
                  FROM generate_series(1, 20000) g;
                CREATE TABLE public.no_key (a integer, b text);
                INSERT INTO public.no_key SELECT g, 'row ' || g FROM generate_series(1, 500) g;
                ANALYZE;
                """);
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void fullSyncThenIncrementalCycleGiveTheSameDatasetsAsCamelMain() throws Exception {
        Path work = Runs.WORK.resolve("same-datasets");
        Runs.deleteRecursively(work); // a fresh state: the first cycle is a full sync
        Runs.Result camelMain = Runs.camelMain(env(work.resolve("camel-main")), "--once");
        Runs.Result quarkus = Runs.quarkus(env(work.resolve("quarkus")), List.of(), "--once");

        assertThat(camelMain.exitCode()).as(camelMain.stderr()).isZero();
        assertThat(quarkus.exitCode()).as(quarkus.stderr()).isZero();
        assertThat(summary(quarkus)).isEqualTo(summary(camelMain)).hasSizeGreaterThan(4);
        assertSameDatasets(work.resolve("camel-main/out"), work.resolve("quarkus/out"));

        sql("""
                UPDATE sales.orders SET amount = amount + 1, updated_at = clock_timestamp() WHERE order_id % 1000 = 0;
                INSERT INTO sales.orders SELECT g, 'new', g, clock_timestamp() FROM generate_series(20001, 20050) g;
                """);
        Runs.Result camelMainAgain = Runs.camelMain(env(work.resolve("camel-main")), "--once");
        Runs.Result quarkusAgain = Runs.quarkus(env(work.resolve("quarkus")), List.of(), "--once");

        assertThat(camelMainAgain.exitCode()).as(camelMainAgain.stderr()).isZero();
        assertThat(quarkusAgain.exitCode()).as(quarkusAgain.stderr()).isZero();
        assertThat(summary(quarkusAgain)).isEqualTo(summary(camelMainAgain))
                .anySatisfy(line -> assertThat(line).startsWith("sales.orders").contains(" 70 "));
        assertSameDatasets(work.resolve("camel-main/out"), work.resolve("quarkus/out"));
    }

    private static Map<String, String> env(Path dir) {
        Map<String, String> env = new HashMap<>();
        env.put("TIDEMARK_SOURCE_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("TIDEMARK_SOURCE_USERNAME", "postgres");
        env.put("TIDEMARK_SOURCE_PASSWORD", "postgres");
        env.put("TIDEMARK_SINK_DIRECTORY", dir.resolve("out").toString());
        env.put("TIDEMARK_STATE_DIRECTORY", dir.resolve("state").toString());
        env.put("TIDEMARK_SYNC_CURSOR_LAG", "PT0S");
        return env;
    }

    /** The summary without what differs between any two runs: seconds, rows/s, batches and the run id. */
    private static List<String> summary(Runs.Result result) {
        return result.stdoutLines().stream()
                .map(line -> line.startsWith("total:") ? line.replaceAll(" in .*", "") : line)
                .map(line -> line.split("\\s+"))
                .map(cells -> cells.length == 7 && !cells[0].equals("total:")
                        ? String.join(" ", cells[0], cells[1], cells[2], cells[6]) : String.join(" ", cells))
                .toList();
    }

    /**
     * Every dataset under {@code expected} is under {@code actual} with the same records: the source tables line for
     * line in file order, Tidemark's own datasets ({@code _tidemark.*}) as sorted records without the varying fields.
     */
    private static void assertSameDatasets(Path expected, Path actual) throws IOException {
        Map<String, List<String>> expectedSets = datasets(expected);
        Map<String, List<String>> actualSets = datasets(actual);
        assertThat(actualSets.keySet()).isEqualTo(expectedSets.keySet())
                .contains("public.people", "sales.orders", "public.no_key", "_tidemark.sync_runs");
        expectedSets.forEach((name, records) -> assertThat(actualSets.get(name)).as(name).isEqualTo(records));
    }

    private static Map<String, List<String>> datasets(Path out) throws IOException {
        Map<String, List<String>> sets = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(out)) {
            for (Path dir : dirs.sorted().toList()) {
                String name = dir.getFileName().toString();
                boolean own = name.startsWith("_tidemark.");
                List<String> records = new ArrayList<>();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                        for (String line : Files.readAllLines(file)) {
                            records.add(normalized(line, own));
                        }
                    }
                }
                if (own) {
                    records.sort(null);
                }
                sets.put(name, records);
            }
        }
        return sets;
    }

    private static String normalized(String line, boolean own) throws IOException {
        ObjectNode record = (ObjectNode) JSON.readTree(line);
        Set<String> drop = new java.util.HashSet<>();
        record.fieldNames().forEachRemaining(field -> {
            if (field.equals("_tidemark_synced_at") || own && VARYING.matcher(field).matches()) {
                drop.add(field);
            }
        });
        record.remove(drop);
        return record.toString();
    }

    private static void sql(String statements) throws Exception {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }
}
