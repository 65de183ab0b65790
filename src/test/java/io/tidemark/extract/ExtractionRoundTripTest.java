package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.run.ReadMode;
import io.tidemark.run.TableRun;
import io.tidemark.testing.JsonlDataset;
import io.tidemark.testing.TestDatabase;
import io.tidemark.testing.Tidemark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One sync cycle through the real routes over tables of every common PostgreSQL type and awkward shape
 * (quoted mixed-case names, composite keys, no key, partitions, empty), checked row for row and value for
 * value against the source, plus the {@code _tidemark.*} datasets.
 */
class ExtractionRoundTripTest {
    // A json value that is the JSON literal null is written as null, like SQL NULL (see README): not used here.
    private static final String FIXTURE = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
            CREATE TABLE public.all_types (
                id bigserial PRIMARY KEY,
                n30 numeric(40, 10), n_free numeric, i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision,
                flag boolean, t text, vc varchar(20), ch char(5),
                ts timestamp, tstz timestamptz, d date, tm time, tmtz timetz, iv interval,
                u uuid, j json, jb jsonb, ia integer[], ta text[], na numeric[], ia2 integer[][], tsa timestamptz[],
                raw bytea, m mood, dom positive_int, ip inet, cash money, x xml, pt point, bits bit varying(8),
                rng tstzrange);
            INSERT INTO public.all_types (n30, n_free, i2, i4, i8, f4, f8, flag, t, vc, ch, ts, tstz, d, tm, tmtz, iv, u,
                j, jb, ia, ta, na, ia2, tsa, raw, m, dom, ip, cash, x, pt, bits, rng) VALUES
              (123456789012345678901234567890.1234567890, 0.000000000000000000000000000001, -32768, 2147483647,
               -9223372036854775808, 1.1, 0.1, true, E'Zoë 東京 🚚\\nline "two"\\t\\\\ end', 'varchar', 'ab',
               '2024-02-29 23:59:59.999999', '2024-06-30 12:00:00.123456+02', '0001-01-01', '23:59:59.999999',
               '10:11:12+05:30', '1 year 2 mons 3 days 04:05:06.789', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
               '{"a": [1, 2.50, {"b": null}], "z": "ü"}', '{"k": 12345678901234567890.123, "e": []}',
               '{1,NULL,3}', '{"x","y,z","q\\"uote",NULL}', '{1.10,NaN}', '{{1,2},{3,4}}',
               '{"2024-01-01 00:00:00+00"}', '\\x00ff10fe7f80', 'happy', 7, '192.168.0.1/24', 1234.56,
               '<a>b</a>', '(1.5,-2)', B'1010', '[2024-01-01,2024-02-01)'),
              (NULL, 'NaN', NULL, NULL, NULL, 'Infinity', '-Infinity', false, '', NULL, NULL,
               'infinity', '-infinity', 'infinity', NULL, NULL, '-1 day +02:00:00', NULL, '[null]', '"str"',
               '{}', '{}', NULL, NULL, NULL, '\\x', 'sad', NULL, NULL, NULL, NULL, NULL, NULL, 'empty'),
              (NULL, NULL, NULL, NULL, NULL, 'NaN', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            INSERT INTO public.all_types (n30, i4, t, tstz, jb, ia)
            SELECT g * 1.5, g, 'row ' || g, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute',
                   jsonb_build_object('g', g), ARRAY[g, g + 1]
            FROM generate_series(1, 2500) AS g;

            CREATE SCHEMA "Odd Schema";
            CREATE TABLE "Odd Schema"."Weird ""Name""\" ("Key Col" integer, "select" text, "MiXed" varchar(10),
                PRIMARY KEY ("MiXed", "Key Col"));
            INSERT INTO "Odd Schema"."Weird ""Name""\" SELECT g % 7, 'v' || g, chr(65 + g % 26) || g FROM generate_series(1, 1500) g;

            CREATE TABLE public.no_key (a integer, b text);
            INSERT INTO public.no_key SELECT g % 10, 'dup' FROM generate_series(1, 2100) g;

            CREATE TABLE public.measurements (id integer, at date, v numeric, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
            CREATE TABLE public.measurements_2024 PARTITION OF public.measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE public.measurements_2025 PARTITION OF public.measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            INSERT INTO public.measurements SELECT g, date '2024-06-01' + (g % 400), g / 3.0 FROM generate_series(1, 1200) g;
            CREATE TABLE public.readings (at date, v numeric) PARTITION BY RANGE (at);
            CREATE TABLE public.readings_2024 PARTITION OF public.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
            CREATE TABLE public.readings_2025 PARTITION OF public.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            INSERT INTO public.readings SELECT date '2024-06-01' + (g % 400), g / 7.0 FROM generate_series(1, 900) g;

            CREATE TABLE public.empty_table (id integer PRIMARY KEY, note text);
            CREATE TABLE public.text_key (code text COLLATE "C" PRIMARY KEY, n integer);
            INSERT INTO public.text_key SELECT md5(g::text), g FROM generate_series(1, 1300) g;
            CREATE VIEW public.a_view AS SELECT * FROM public.no_key;
            ANALYZE;
            """;

    private static TestDatabase database;
    private static CycleReport report;
    private static Path out;

    @BeforeAll
    static void syncOnce(@TempDir Path work) throws Exception {
        database = TestDatabase.create();
        database.execute(FIXTURE);
        Properties properties = Tidemark.against(database, work);
        properties.setProperty("tidemark.sync.batch-size", "700");
        out = work.resolve("out");
        try (TidemarkRuntime runtime = Tidemark.runtime(properties)) {
            report = runtime.runSyncCycle();
        }
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void everyTableSucceeds() {
        assertThat(report.tables()).extracting(run -> run.table().qualifiedName()).containsExactlyInAnyOrder(
                "public.all_types", "Odd Schema.Weird \"Name\"", "public.no_key", "public.measurements",
                "public.readings", "public.empty_table", "public.text_key");
        assertThat(report.tables()).allSatisfy(run -> assertThat(run.status()).isEqualTo(TableRun.Status.SUCCESS));
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    void everyTypeRoundTripsLosslessly() throws Exception {
        JsonlDataset.read(out.resolve("public.all_types")).assertEqualsTable(database, "public", "all_types");
    }

    @Test
    void valuesHaveTheirContractForm() {
        JsonNode first = JsonlDataset.read(out.resolve("public.all_types")).records().stream()
                .filter(r -> r.path("id").asLong() == 1).findFirst().orElseThrow();
        assertThat(first.get("n30").isNumber()).isTrue();
        assertThat(first.get("n30").toString()).isEqualTo("123456789012345678901234567890.1234567890");
        assertThat(first.get("i8").asLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(first.get("tstz").asText()).isEqualTo("2024-06-30T10:00:00.123456Z");
        assertThat(first.get("ts").asText()).isEqualTo("2024-02-29T23:59:59.999999");
        assertThat(first.get("iv").asText()).isEqualTo("P1Y2M3DT4H5M6.789S");
        assertThat(first.get("j").get("a").get(1).toString()).isEqualTo("2.50");
        assertThat(first.get("jb").isObject()).isTrue();
        assertThat(first.get("ia").toString()).isEqualTo("[1,null,3]");
        assertThat(first.get("ia2").toString()).isEqualTo("[[1,2],[3,4]]");
        assertThat(first.get("raw").asText()).isEqualTo("AP8Q/n+A");
        assertThat(first.get("flag").isBoolean()).isTrue();
        assertThat(first.get("t").asText()).isEqualTo("Zoë 東京 🚚\nline \"two\"\t\\ end");
        assertThat(first.get("ch").asText()).isEqualTo("ab   ");
        JsonNode nulls = JsonlDataset.read(out.resolve("public.all_types")).records().stream()
                .filter(r -> r.path("id").asLong() == 3).findFirst().orElseThrow();
        assertThat(nulls.get("t").isNull()).isTrue();
        assertThat(nulls.get("n30").isNull()).isTrue();
        assertThat(nulls.get("f4").asText()).isEqualTo("NaN");
    }

    @Test
    void quotedMixedCaseNamesAndCompositeKeys() throws Exception {
        JsonlDataset.read(out.resolve("Odd Schema.Weird \"Name\"")).assertEqualsTable(database, "Odd Schema", "Weird \"Name\"");
    }

    @Test
    void tableWithoutKeyIsReadByPagesWithItsDuplicates() throws Exception {
        JsonlDataset.read(out.resolve("public.no_key")).assertEqualsTable(database, "public", "no_key");
        assertThat(run("public.no_key").mode()).isEqualTo(ReadMode.PAGES);
        assertThat(run("public.no_key").batches()).as("ranges of pages, not one read").isGreaterThan(1);
    }

    /** The parent of a partitioned table has no pages of its own: a keyless one is read by one query through it. */
    @Test
    void aPartitionedTableWithoutKeyIsReadWholeThroughItsParent() throws Exception {
        JsonlDataset.read(out.resolve("public.readings")).assertEqualsTable(database, "public", "readings");
        assertThat(run("public.readings").rows()).isEqualTo(900);
        assertThat(run("public.readings").mode()).isEqualTo(ReadMode.STREAM);
    }

    @Test
    void partitionedTableIsReadThroughItsParentOnly() throws Exception {
        JsonlDataset.read(out.resolve("public.measurements")).assertEqualsTable(database, "public", "measurements");
        assertThat(out.resolve("public.measurements_2024")).doesNotExist();
        assertThat(run("public.measurements").table().partitioned()).isTrue();
    }

    @Test
    void textKeysPageInTheirCollationOrder() throws Exception {
        JsonlDataset.read(out.resolve("public.text_key")).assertEqualsTable(database, "public", "text_key");
    }

    @Test
    void emptyTableGetsAnEmptyFolder() throws Exception {
        assertThat(out.resolve("public.empty_table")).isEmptyDirectory();
        assertThat(run("public.empty_table").rows()).isZero();
        assertThat(run("public.empty_table").batches()).isZero();
        assertThat(out.resolve("public.a_view")).doesNotExist();
    }

    @Test
    void keysetPagesFollowTheBatchSize() {
        TableRun allTypes = run("public.all_types");
        assertThat(allTypes.mode()).isEqualTo(ReadMode.SNAPSHOT);
        assertThat(allTypes.rows()).isEqualTo(2503);
        assertThat(allTypes.batches()).isEqualTo(4); // 700 + 700 + 700 + 403
        assertThat(out.resolve("public.all_types")).isDirectoryContaining("glob:**-000004.jsonl");
    }

    @Test
    void syncRunsRecordEveryTable() {
        Map<String, JsonNode> runs = JsonlDataset.read(out.resolve("_tidemark.sync_runs")).records().stream()
                .collect(Collectors.toMap(r -> r.get("table").asText(), Function.identity()));
        assertThat(runs).hasSize(7);
        JsonNode allTypes = runs.get("public.all_types");
        assertThat(allTypes.get("run_id").asText()).isEqualTo(report.runId());
        assertThat(allTypes.get("category").asText()).isEqualTo("small");
        assertThat(allTypes.get("rows").asLong()).isEqualTo(2503);
        assertThat(allTypes.get("batches").asInt()).isEqualTo(4);
        assertThat(allTypes.get("batch_size_min").asInt()).isEqualTo(700);
        assertThat(allTypes.get("batch_size_max").asInt()).isEqualTo(700);
        assertThat(allTypes.get("threads").asInt()).isEqualTo(4);
        assertThat(allTypes.get("status").asText()).isEqualTo("success");
        assertThat(allTypes.get("error").isNull()).isTrue();
        assertThat(allTypes.get("started_at").asText()).isLessThanOrEqualTo(allTypes.get("finished_at").asText());
        assertThat(runs.get("public.empty_table").get("rows").asLong()).isZero();
    }

    @Test
    void catalogDatasetsDescribeTablesAndColumns() {
        List<JsonNode> tables = JsonlDataset.read(out.resolve("_tidemark.postgres_tables")).records();
        assertThat(tables).extracting(t -> t.get("table").asText()).hasSize(7).contains("Odd Schema.Weird \"Name\"");
        JsonNode weird = tables.stream().filter(t -> t.get("table_name").asText().equals("Weird \"Name\"")).findFirst().orElseThrow();
        assertThat(weird.get("schema_name").asText()).isEqualTo("Odd Schema");
        assertThat(weird.get("primary_key").asText()).isEqualTo("MiXed,Key Col");
        assertThat(weird.get("estimated_rows").asLong()).isEqualTo(1500);
        List<JsonNode> columns = JsonlDataset.read(out.resolve("_tidemark.postgres_columns")).records();
        JsonNode n30 = columns.stream().filter(c -> c.get("table").asText().equals("public.all_types")
                && c.get("column_name").asText().equals("n30")).findFirst().orElseThrow();
        assertThat(n30.get("data_type").asText()).isEqualTo("numeric(40,10)");
        assertThat(n30.get("is_nullable").asBoolean()).isTrue();
        assertThat(columns.stream().filter(c -> c.get("table").asText().equals("public.all_types"))).hasSize(35);
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        try (var files = Files.walk(out)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    private static TableRun run(String table) {
        return report.tables().stream().filter(r -> r.table().qualifiedName().equals(table)).findFirst().orElseThrow();
    }
}
