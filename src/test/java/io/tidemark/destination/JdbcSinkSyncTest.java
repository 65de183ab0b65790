package io.tidemark.destination;

import static io.tidemark.destination.SameRows.assertSame;
import static io.tidemark.destination.SameRows.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.app.TidemarkRuntime;
import io.tidemark.run.CycleReport;
import io.tidemark.run.ReadMode;
import io.tidemark.run.TableRun;
import io.tidemark.source.SqlIdentifiers;
import io.tidemark.testing.Tidemark;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * The jdbc sink through the real routes, from one database of the test server into another: after full,
 * incremental and delete cycles, after a replayed batch and after a failure in the middle of a batch, every
 * destination table holds exactly the source's rows, compared value by value in PostgreSQL's text forms.
 */
class JdbcSinkSyncTest extends SourceAndDestination {
    /** A hostile destination schema: a quote, a space, upper case. */
    static final String DESTINATION_SCHEMA = "Tidemark \"Out\"";

    @Test
    void everyTypeArrivesExactlyUnderHostileNames() throws Exception {
        source.execute("""
                CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
                CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
                CREATE SCHEMA "We""ird Schema";
                CREATE TABLE "We""ird Schema"."Select" (
                    "Mixed Case" integer PRIMARY KEY, "order" text, "quo""ted col" varchar(10), n numeric(30,10),
                    n_free numeric, f4 real, f8 double precision, i2 smallint, i8 bigint, b boolean,
                    ts timestamp(3), tstz timestamptz, d date, t time, ttz timetz, iv interval, j json, jb jsonb,
                    ia integer[], ta text[], ma integer[][], ba bytea, u uuid, m mood, p positive_int,
                    tsa timestamptz[], jba jsonb[], ip inet, r int4range, ch char(3), bits bit varying(8));
                INSERT INTO "We""ird Schema"."Select" VALUES
                    (1, E'tab\\there\\nnew line\\rcr \\\\ back', 'a"b', 12345678901234567890.0123456789, 'NaN', 1.5,
                     0.1, -32768, 9223372036854775807, true, '2024-02-29 23:59:59.999',
                     '2024-06-30 10:00:00.123456+05:30', '2024-02-29', '23:59:59.999999', '10:11:12+05:30',
                     '1 year 2 mons 3 days 04:05:06.789', E'{"a":\\n "x\\\\ny", "n": 1.10}',
                     '{"z": [1, 2.50, null], "s": "tab\\t"}', '{1,2,NULL}',
                     ARRAY['', NULL, 'a,b', 'say "hi"', E'back\\\\slash', '{}', 'NULL'], '{{1,2},{3,4}}',
                     '\\x00ff0a5c5c09', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'happy', 7,
                     ARRAY['2024-01-01 00:00:00+00'::timestamptz, NULL], ARRAY['{"k": "v"}'::jsonb, '[1, 2]'::jsonb, NULL],
                     '192.168.0.1/24', '[1,10)', 'ab', B'101'),
                    (2, '', '', 0, -0.000000000000000000001, 'Infinity', '-Infinity', 0, -1, false, 'infinity',
                     '-infinity', '0044-03-15 BC', '00:00', '00:00:00-12', '-1 day +02:00', 'null', '[]', '{}', '{}', '{}',
                     '\\x', '00000000-0000-0000-0000-000000000000', 'sad', 1, '{}', '{}', '::1', 'empty', '   ', B''),
                    (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '0001-01-01 00:00:00 BC',
                     '10000-01-01 00:00:00+00', '5874897-12-31', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO "We""ird Schema"."Select" ("Mixed Case", "order", n, tstz, jb, ia, ba)
                    SELECT g, 'row ' || g, g / 7.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second',
                           jsonb_build_object('g', g), ARRAY[g, g + 1], int4send(g)
                    FROM generate_series(4, 2500) g;
                """);

        CycleReport report = cycle();

        assertThat(report.succeeded()).as(report.summaryLines().toString()).isTrue();
        assertSame(source, "We\"ird Schema", "Select", destination, DESTINATION_SCHEMA);
        assertThat(columnType("Select", "n")).isEqualTo("numeric(30,10)");
        assertThat(columnType("Select", "quo\"ted col")).isEqualTo("character varying(10)");
        assertThat(columnType("Select", "ts")).isEqualTo("timestamp(3) without time zone");
        assertThat(columnType("Select", "ma")).isEqualTo("integer[]");
        assertThat(columnType("Select", "m")).as("an enum keeps its text").isEqualTo("text");
        assertThat(columnType("Select", "p")).as("a domain becomes its base type").isEqualTo("integer");
        assertThat(columnType("Select", DestinationTable.SYNCED_AT)).isEqualTo("timestamp with time zone");
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("Select") + " WHERE \"_tidemark_deleted\""))
                .isZero();

        // no cursor: the next cycle reads every row again, and its batches take the staged upsert (keys exist)
        destination.execute("CREATE TABLE public.first_cycle AS SELECT max(\"_tidemark_synced_at\") AS synced_at FROM "
                + destinationTable("Select"));
        CycleReport again = cycle();

        assertThat(again.succeeded()).as(again.summaryLines().toString()).isTrue();
        assertSame(source, "We\"ird Schema", "Select", destination, DESTINATION_SCHEMA);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("Select")
                + " WHERE \"_tidemark_synced_at\" <= (SELECT synced_at FROM public.first_cycle)"))
                .as("rows not rewritten by the second cycle").isZero();
    }

    @Test
    void incrementalCyclesKeepTheDestinationEqualToTheSource() throws Exception {
        source.execute("CREATE TABLE public.items (id integer PRIMARY KEY, name text, price numeric(10,2),"
                + " updated_at timestamptz NOT NULL DEFAULT now());"
                + "INSERT INTO public.items SELECT g, 'item ' || g, g * 1.25, now() - interval '1 day'"
                + " FROM generate_series(1, 3000) g;");
        assertThat(cycle().tables().get(0).rows()).isEqualTo(3000);
        assertSame(source, "public", "items", destination, DESTINATION_SCHEMA);

        source.execute("UPDATE public.items SET name = 'renamed', price = 0.01, updated_at = now() WHERE id IN (5, 1500, 2999);"
                + "INSERT INTO public.items (id, name, price) VALUES (3001, 'new', NULL), (3002, 'newer', 99999999.99);");
        CycleReport second = cycle();
        CycleReport third = cycle();

        assertThat(second.tables().get(0).mode()).isEqualTo(ReadMode.INCREMENTAL);
        assertThat(second.tables().get(0).rows()).isEqualTo(5);
        assertThat(third.tables().get(0).rows()).as("a cycle without changes writes nothing").isZero();
        assertSame(source, "public", "items", destination, DESTINATION_SCHEMA);
    }

    @Test
    void rowsDeletedInTheSourceAreMarkedDeleted() throws Exception {
        source.execute("CREATE TABLE public.codes (region text, n integer, label text, PRIMARY KEY (region, n));"
                + "INSERT INTO public.codes SELECT 'r' || (g % 3), g, 'label ' || g FROM generate_series(1, 2500) g;");
        cycle();
        source.execute("DELETE FROM public.codes WHERE n IN (7, 1200, 2500); INSERT INTO public.codes VALUES ('r9', 9999, 'new');");

        CycleReport second = cycle();

        assertThat(second.tables().get(0).deletes()).isEqualTo(3);
        assertSame(source, "public", "codes", destination, DESTINATION_SCHEMA);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("codes")
                + " WHERE \"_tidemark_deleted\" AND n IN (7, 1200, 2500)")).as("soft deletes: the rows stay").isEqualTo(3);

        source.execute("INSERT INTO public.codes VALUES ('r1', 7, 'back again')");
        cycle();
        assertSame(source, "public", "codes", destination, DESTINATION_SCHEMA);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("codes") + " WHERE \"_tidemark_deleted\""))
                .isEqualTo(2);
    }

    @Test
    void deletesFindKeysOfAnyType() throws Exception {
        // delete records carry keys as the key log's JSON: bytea as base64, instants as ISO text, numerics as digits
        source.execute("CREATE TABLE public.blobs (k bytea, at timestamptz, n numeric(20,5), v text, PRIMARY KEY (k, at, n));"
                + "INSERT INTO public.blobs SELECT int4send(g) || '\\x5c00'::bytea,"
                + " timestamptz '2024-01-01 00:00:00.123456+02' + g * interval '1 hour', g / 3.0, 'v' || g"
                + " FROM generate_series(1, 300) g;");
        cycle();
        source.execute("DELETE FROM public.blobs WHERE v IN ('v1', 'v150', 'v300')");

        CycleReport second = cycle();

        assertThat(second.tables().get(0).deletes()).isEqualTo(3);
        assertSame(source, "public", "blobs", destination, DESTINATION_SCHEMA);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("blobs") + " WHERE \"_tidemark_deleted\""))
                .isEqualTo(3);
    }

    @Test
    void aKeylessTableIsAppendedByRowHashWithoutDuplicates() throws Exception {
        source.execute("CREATE TABLE public.log (at timestamptz, message text, amount numeric);"
                + "INSERT INTO public.log SELECT timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', 'event ' || g,"
                + " CASE WHEN g % 5 = 0 THEN NULL ELSE g / 3.0 END FROM generate_series(1, 2500) g;");

        cycle();
        cycle(); // a keyless table is read in full every cycle: the same rows again
        source.execute("INSERT INTO public.log VALUES (NULL, NULL, NULL), (now(), '', 0)");
        cycle();

        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("log"))).isEqualTo(2502);
        assertThat(count(destination, "SELECT count(DISTINCT \"_tidemark_row_hash\") FROM " + destinationTable("log")))
                .isEqualTo(2502);
        assertSame(source, "public", "log", destination, DESTINATION_SCHEMA);
    }

    @Test
    void aBatchFailingInTheMiddleIsRolledBackAndRetried() throws Exception {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 5000) g;");
        failRowOnce("events", 2500, "40001"); // a serialization failure: transient, so the batch itself is retried

        CycleReport report = cycle();

        assertThat(report.tables().get(0).status()).isEqualTo(TableRun.Status.SUCCESS);
        assertThat(count(destination, "SELECT last_value FROM public.failures")).as("the failure happened").isEqualTo(2);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("events"))).isEqualTo(5000);
        assertSame(source, "public", "events", destination, DESTINATION_SCHEMA);
    }

    @Test
    void aBatchThatFailsForGoodIsNotCheckpointedAndTheNextCycleWritesIt() throws Exception {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 5000) g;");
        failRowOnce("events", 2500, "23514"); // a check violation: permanent, the table fails at once

        CycleReport failed = cycle();
        CycleReport resumed = cycle();

        assertThat(failed.tables().get(0).status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(failed.tables().get(0).rows()).as("batches 1 and 2 committed and checkpointed").isEqualTo(2000);
        assertThat(failed.tables().get(0).error()).contains("Writing batch 3 of public.events", "simulated destination failure");
        assertThat(resumed.tables().get(0).rows()).as("resumed at batch 3, rolled back before").isEqualTo(3000);
        assertSame(source, "public", "events", destination, DESTINATION_SCHEMA);
    }

    /**
     * The destination table exists already (Tidemark adopts it); a trigger fails the row {@code id} once, in the
     * middle of its batch, with SQLSTATE {@code sqlState}, counting attempts in the sequence public.failures.
     */
    private void failRowOnce(String table, int id, String sqlState) {
        destination.execute("CREATE SCHEMA " + SqlIdentifiers.quote(DESTINATION_SCHEMA) + ";"
                + "CREATE TABLE " + destinationTable(table) + " (id integer PRIMARY KEY, v text);"
                + "CREATE SEQUENCE public.failures;"
                + "CREATE FUNCTION public.fail_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " IF NEW.id = " + id + " AND nextval('public.failures') = 1 THEN"
                + "  RAISE EXCEPTION 'simulated destination failure' USING ERRCODE = '" + sqlState + "'; END IF;"
                + " RETURN NEW; END $$;"
                + "CREATE TRIGGER fail_once BEFORE INSERT ON " + destinationTable(table)
                + " FOR EACH ROW EXECUTE FUNCTION public.fail_once();");
    }

    @Test
    void aBatchWrittenTwiceIsNotDuplicated() throws Exception {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 5000) g;"
                + "CREATE TABLE public.plain (v text);"
                + "INSERT INTO public.plain SELECT 'v' || g FROM generate_series(1, 2500) g;");

        // batch 3 committed in the destination, then the table fails before its checkpoint: the next cycle
        // writes batch 3 again
        CycleReport crashed = cycle(crashBeforeCheckpointOfBatch(3));
        CycleReport resumed = cycle();

        assertThat(crashed.tables()).extracting(TableRun::status).contains(TableRun.Status.FAILED);
        assertThat(resumed.succeeded()).isTrue();
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("events"))).isEqualTo(5000);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("plain"))).isEqualTo(2500);
        assertSame(source, "public", "events", destination, DESTINATION_SCHEMA);
        assertSame(source, "public", "plain", destination, DESTINATION_SCHEMA);
    }

    @Test
    void schemaDriftWidensAddsAndKeepsWhileAnUnsafeChangeFailsOnlyItsTable() throws Exception {
        source.execute("CREATE TABLE public.drift (id integer PRIMARY KEY, code varchar(10), qty integer, amount numeric(8,2),"
                + " old text NOT NULL DEFAULT 'x');"
                + "INSERT INTO public.drift (id, code, qty, amount) SELECT g, 'c' || g, g, g / 4.0 FROM generate_series(1, 1500) g;"
                + "CREATE TABLE public.steady (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.steady SELECT g, 'v' || g FROM generate_series(1, 10) g;");
        cycle();
        source.execute("ALTER TABLE public.drift ALTER code TYPE varchar(50), ALTER qty TYPE bigint,"
                + " ALTER amount TYPE numeric(12,2), ADD COLUMN note text, DROP COLUMN old;"
                + "UPDATE public.drift SET code = repeat('x', 40), qty = 9000000000, amount = 1234567890.12, note = 'new'"
                + " WHERE id = 1;");

        CycleReport widened = cycle();

        assertThat(widened.succeeded()).as(widened.summaryLines().toString()).isTrue();
        assertSame(source, "public", "drift", destination, DESTINATION_SCHEMA);
        assertThat(columnType("drift", "code")).isEqualTo("character varying(50)");
        assertThat(columnType("drift", "qty")).isEqualTo("bigint");
        assertThat(columnType("drift", "amount")).isEqualTo("numeric(12,2)");
        assertThat(columnType("drift", "note")).isEqualTo("text");
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("drift") + " WHERE old = 'x'"))
                .as("a column gone from the source stays with its values").isEqualTo(1500);

        source.execute("ALTER TABLE public.drift ALTER code TYPE integer USING length(code);"
                + "INSERT INTO public.steady VALUES (11, 'eleven');");
        CycleReport unsafe = cycle();

        TableRun drift = unsafe.tables().stream().filter(t -> t.table().name().equals("drift")).findFirst().orElseThrow();
        assertThat(drift.status()).isEqualTo(TableRun.Status.FAILED);
        assertThat(drift.error()).doesNotContain("\n").endsWith("source table public.drift cannot be written to "
                + "Tidemark \"Out\".drift: column \"code\" changed from character varying(50) to integer, which is not a widening");
        assertThat(unsafe.tables()).filteredOn(t -> t.table().name().equals("steady")).extracting(TableRun::status)
                .containsExactly(TableRun.Status.SUCCESS);
        assertSame(source, "public", "steady", destination, DESTINATION_SCHEMA);
    }

    @Test
    void twoSourceTablesOfOneNameNeverShareADestinationTable() throws Exception {
        source.execute("CREATE SCHEMA shop; CREATE TABLE public.t (id integer PRIMARY KEY, v text);"
                + "CREATE TABLE shop.t (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.t VALUES (1, 'public'); INSERT INTO shop.t VALUES (1, 'shop');");

        CycleReport report = cycle();

        assertThat(report.tables()).extracting(TableRun::status)
                .containsExactlyInAnyOrder(TableRun.Status.SUCCESS, TableRun.Status.FAILED);
        TableRun failed = report.tables().stream().filter(t -> t.status() == TableRun.Status.FAILED).findFirst().orElseThrow();
        TableRun written = report.tables().stream().filter(t -> t.status() == TableRun.Status.SUCCESS).findFirst().orElseThrow();
        assertThat(failed.error()).endsWith("destination table Tidemark \"Out\".t already holds source table "
                + written.table().qualifiedName() + ", not source table " + failed.table().qualifiedName()
                + ": exclude one of them or sync them to separate tidemark.sink.schema values");
        assertSame(source, written.table().schema(), "t", destination, DESTINATION_SCHEMA);
    }

    @Test
    void aColumnAddedWhileTheTableIsReadIsAddedToTheDestinationTable() throws Exception {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 5000) g;");
        AtomicInteger batches = new AtomicInteger();
        CycleReport changed;
        try (TidemarkRuntime runtime = Tidemark.runtime(properties())) {
            AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("write-batch")
                    .after().process(exchange -> {
                        if (batches.incrementAndGet() == 2) {
                            source.execute("ALTER TABLE public.events ADD COLUMN extra numeric(8,2) DEFAULT 1.5");
                        }
                    }));
            changed = runtime.runSyncCycle();
        }

        assertThat(changed.succeeded()).isTrue();
        assertThat(columnType("events", "extra")).isEqualTo("numeric(8,2)");
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("events") + " WHERE extra = 1.5"))
                .as("rows read after the change").isGreaterThanOrEqualTo(2000);
        cycle(); // a full refresh: the rows written before the change get the column's value too
        assertSame(source, "public", "events", destination, DESTINATION_SCHEMA);
    }

    /**
     * Rows copied straight into a table take Tidemark's columns from their defaults: an adopted table whose own
     * columns have none gets them, so no row is left without its stamp.
     */
    @Test
    void anAdoptedTableGetsTheDefaultsOfTidemarksColumns() throws Exception {
        source.execute("CREATE TABLE public.events (id integer PRIMARY KEY, v text);"
                + "INSERT INTO public.events SELECT g, 'v' || g FROM generate_series(1, 2500) g;");
        destination.execute("CREATE SCHEMA " + SqlIdentifiers.quote(DESTINATION_SCHEMA) + ";"
                + "CREATE TABLE " + destinationTable("events") + " (id integer PRIMARY KEY, v text,"
                + " _tidemark_synced_at timestamptz, _tidemark_deleted boolean)");

        cycle();

        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("events")
                + " WHERE _tidemark_synced_at > now() - interval '1 hour' AND NOT _tidemark_deleted")).isEqualTo(2500);
        assertSame(source, "public", "events", destination, DESTINATION_SCHEMA);
    }

    @Test
    void tidemarksOwnDatasetsAreTablesKeyedForReplays() throws Exception {
        source.execute("CREATE TABLE public.a (id integer PRIMARY KEY); CREATE TABLE public.b (id integer PRIMARY KEY);");

        CycleReport first = cycle();
        cycle();

        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("_tidemark_sync_runs"))).isEqualTo(4);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("_tidemark_sync_runs")
                + " WHERE run_id = '" + first.runId() + "' AND status = 'success' AND rows = 0")).isEqualTo(2);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("_tidemark_postgres_tables"))).isEqualTo(4);
        assertThat(count(destination, "SELECT count(*) FROM " + destinationTable("_tidemark_postgres_columns"))).isEqualTo(4);
        assertThat(columnType("_tidemark_sync_runs", "started_at")).isEqualTo("timestamp with time zone");
        assertThat(columnType("_tidemark_sync_runs", "rows")).isEqualTo("bigint");
    }

    private String columnType(String table, String column) throws Exception {
        try (var connection = destination.connect(); var statement = connection.prepareStatement(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = ?::regclass AND attname = ?")) {
            statement.setString(1, destinationTable(table));
            statement.setString(2, column);
            try (var rs = statement.executeQuery()) {
                assertThat(rs.next()).as("column %s of %s", column, table).isTrue();
                return rs.getString(1);
            }
        }
    }

    static String destinationTable(String table) {
        return SqlIdentifiers.qualified(DESTINATION_SCHEMA, table);
    }

    Properties properties() {
        Properties properties = toDestination(DESTINATION_SCHEMA);
        properties.setProperty("tidemark.sync.cursor-lag", "PT0S");
        return properties;
    }

    private CycleReport cycle() throws Exception {
        return cycle(null);
    }

    private CycleReport cycle(Integer failBeforeCheckpointOfBatch) throws Exception {
        try (TidemarkRuntime runtime = Tidemark.runtime(properties())) {
            if (failBeforeCheckpointOfBatch != null) {
                AtomicInteger batches = new AtomicInteger();
                AdviceWith.adviceWith(runtime.camelContext(), "extract-table", route -> route.weaveById("checkpoint-batch")
                        .before().process(exchange -> {
                            if (batches.incrementAndGet() == failBeforeCheckpointOfBatch) {
                                throw new IllegalStateException("simulated crash before the checkpoint");
                            }
                        }));
            }
            return runtime.runSyncCycle();
        }
    }

    private static Integer crashBeforeCheckpointOfBatch(int batch) {
        return batch;
    }
}
