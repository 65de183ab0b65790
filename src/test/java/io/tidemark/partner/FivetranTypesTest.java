package io.tidemark.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.TableSelector;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.BatchReader;
import io.tidemark.extract.KeysetBatchReader;
import io.tidemark.partner.sdk.DataType;
import io.tidemark.partner.sdk.DataTypeParams;
import io.tidemark.partner.sdk.Record;
import io.tidemark.partner.sdk.RecordType;
import io.tidemark.partner.sdk.ValueType;
import io.tidemark.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's types as Fivetran types and values, against a real table with one column per type family: the
 * table is discovered and read by Tidemark's own discovery and keyset reader, so the values converted are exactly
 * those an {@code Update} sends.
 */
class FivetranTypesTest {
    private static final String FIXTURE = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
            CREATE TABLE public.types (
                id integer PRIMARY KEY,
                b boolean, i2 smallint, i4 integer, i8 bigint, o oid,
                n12 numeric(12, 2), n38 numeric(38, 37), n40 numeric(40, 2), nfree numeric,
                f4 real, f8 double precision,
                d date, ts timestamp, tstz timestamptz, tm time, tmtz timetz, iv interval,
                j json, jb jsonb, ia integer[], ta text[],
                raw bytea, x xml, t text, vc varchar(10), u uuid, m mood, ip inet, dom positive_int);
            INSERT INTO public.types VALUES
              (1, true, -32768, 2147483647, -9223372036854775808, 4294967295,
               12345.67, 1.2345678901234567890123456789012345678, 12345678901234567890123456789012345678.91,
               0.000000000000000000000000000001,
               1.5, 0.1,
               '2024-02-29', '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.5+02', '13:14:15.25',
               '10:11:12+05:30', '1 year 2 mons 3 days 04:05:06.789',
               '{"a": [1, 2]}', '{"b": {"c": true}}', '{1,2}', '{"x","y,z"}',
               '\\xdeadbeef', '<a>b</a>', E'Zoë "q"\\n\\\\', 'varchar', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
               'happy', '192.168.0.1/24', 7);
            INSERT INTO public.types (id) VALUES (2);
            INSERT INTO public.types (id, n12, nfree, f4, f8, d, ts, tstz)
                VALUES (3, 'NaN', 'NaN', 'NaN', '-Infinity', '10000-01-01', '-infinity', 'infinity');
            INSERT INTO public.types (id, n12, d, ts, tstz)
                VALUES (4, 'NaN', '0044-03-15 BC', '0044-03-15 00:00:00 BC', '-infinity');
            INSERT INTO public.types (id, n12, d, ts, tstz)
                VALUES (5, -0.50, '0001-01-01', '0001-01-01 00:00:00', '9999-12-31 23:59:59.999999+00');
            """;

    /** The columns the out-of-range rows (3 and 4) hold values of no Fivetran type in. */
    private static final List<String> OUT_OF_RANGE = List.of("n12", "d", "ts", "tstz");

    private static TestDatabase db;
    private static HikariDataSource pool;
    private static SourceTable table;
    private static List<String> columns;
    private static Map<Integer, Object[]> rows;

    @BeforeAll
    static void readTheTable() throws Exception {
        db = TestDatabase.create();
        db.execute(FIXTURE);
        pool = db.readPool();
        List<SourceTable> discovered = new TableDiscovery(pool, TableSelector.all(), 1_000_000, 50_000_000).discover();
        assertThat(discovered).extracting(SourceTable::qualifiedName).containsExactly("public.types");
        table = discovered.get(0);
        rows = new LinkedHashMap<>();
        try (BatchReader reader = new KeysetBatchReader(pool, table)) {
            columns = reader.columns();
            for (Object[] row : reader.next(100)) {
                rows.put(((Long) row[columns.indexOf("id")]).intValue(), row);
            }
            assertThat(reader.hasMore()).isFalse();
        }
        assertThat(rows).containsOnlyKeys(1, 2, 3, 4, 5);
    }

    @AfterAll
    static void dropDatabase() {
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void everyTypeFamilyHasItsFivetranType() {
        Map<String, DataType> expected = new LinkedHashMap<>();
        expected.put("id", DataType.INT);
        expected.put("b", DataType.BOOLEAN);
        expected.put("i2", DataType.SHORT);
        expected.put("i4", DataType.INT);
        expected.put("i8", DataType.LONG);
        expected.put("o", DataType.LONG);
        expected.put("n12", DataType.DECIMAL);
        expected.put("n38", DataType.DECIMAL);
        expected.put("n40", DataType.STRING);
        expected.put("nfree", DataType.STRING);
        expected.put("f4", DataType.FLOAT);
        expected.put("f8", DataType.DOUBLE);
        expected.put("d", DataType.NAIVE_DATE);
        expected.put("ts", DataType.NAIVE_DATETIME);
        expected.put("tstz", DataType.UTC_DATETIME);
        expected.put("tm", DataType.STRING);
        expected.put("tmtz", DataType.STRING);
        expected.put("iv", DataType.STRING);
        expected.put("j", DataType.JSON);
        expected.put("jb", DataType.JSON);
        expected.put("ia", DataType.JSON);
        expected.put("ta", DataType.JSON);
        expected.put("raw", DataType.BINARY);
        expected.put("x", DataType.XML);
        expected.put("t", DataType.STRING);
        expected.put("vc", DataType.STRING);
        expected.put("u", DataType.STRING);
        expected.put("m", DataType.STRING);
        expected.put("ip", DataType.STRING);
        expected.put("dom", DataType.INT);

        assertThat(table.columns()).extracting(SourceColumn::name).containsExactlyElementsOf(expected.keySet());
        Map<String, DataType> actual = new LinkedHashMap<>();
        for (SourceColumn column : table.columns()) {
            actual.put(column.name(), FivetranTypes.of(column).type());
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
        assertThat(column("dom").baseType()).isEqualTo("int4");
    }

    @Test
    void decimalsWithinFivetransLimitsCarryTheirPrecisionAndScale() {
        assertThat(params("n12")).hasValueSatisfying(p -> {
            assertThat(p.getParamsCase()).isEqualTo(DataTypeParams.ParamsCase.DECIMAL);
            assertThat(p.getDecimal().getPrecision()).isEqualTo(12);
            assertThat(p.getDecimal().getScale()).isEqualTo(2);
        });
        assertThat(params("n38")).hasValueSatisfying(p -> {
            assertThat(p.getDecimal().getPrecision()).isEqualTo(38);
            assertThat(p.getDecimal().getScale()).isEqualTo(37);
        });
        assertThat(params("n40")).isEmpty();
        assertThat(params("nfree")).isEmpty();
        assertThat(params("i4")).isEmpty();
        assertThat(params("ts")).isEmpty();
    }

    @Test
    void recordsAreUpsertsOfTheTableWithEveryReadColumn() {
        List<Record> records = new TableRecords(table, columns).upserts(rowsOf(1, 2));

        assertThat(records).hasSize(2).allSatisfy(record -> {
            assertThat(record.getSchemaName()).isEqualTo("public");
            assertThat(record.getTableName()).isEqualTo("types");
            assertThat(record.getType()).isEqualTo(RecordType.UPSERT);
            assertThat(record.getDataMap()).containsOnlyKeys(columns);
        });
        assertThat(columns).hasSize(30);
        assertThat(new TableRecords(table, columns).truncate()).satisfies(truncate -> {
            assertThat(truncate.getType()).isEqualTo(RecordType.TRUNCATE);
            assertThat(truncate.getSchemaName()).isEqualTo("public");
            assertThat(truncate.getTableName()).isEqualTo("types");
            assertThat(truncate.getDataMap()).isEmpty();
        });
    }

    @Test
    void valuesKeepPostgresqlsExactValue() {
        TableRecords records = new TableRecords(table, columns);
        Map<String, ValueType> data = records.upserts(rowsOf(1)).get(0).getDataMap();

        assertThat(data.get("id")).satisfies(v -> assertCase(v, ValueType.InnerCase.INT)).extracting(ValueType::getInt).isEqualTo(1);
        assertThat(data.get("b")).satisfies(v -> assertCase(v, ValueType.InnerCase.BOOL)).extracting(ValueType::getBool).isEqualTo(true);
        assertThat(data.get("i2")).satisfies(v -> assertCase(v, ValueType.InnerCase.SHORT)).extracting(ValueType::getShort).isEqualTo(-32768);
        assertThat(data.get("i4")).satisfies(v -> assertCase(v, ValueType.InnerCase.INT)).extracting(ValueType::getInt).isEqualTo(Integer.MAX_VALUE);
        assertThat(data.get("i8")).satisfies(v -> assertCase(v, ValueType.InnerCase.LONG)).extracting(ValueType::getLong).isEqualTo(Long.MIN_VALUE);
        assertThat(data.get("o")).satisfies(v -> assertCase(v, ValueType.InnerCase.LONG)).extracting(ValueType::getLong).isEqualTo(4294967295L);
        assertThat(data.get("n12")).satisfies(v -> assertCase(v, ValueType.InnerCase.DECIMAL)).extracting(ValueType::getDecimal).isEqualTo("12345.67");
        assertThat(data.get("n38")).satisfies(v -> assertCase(v, ValueType.InnerCase.DECIMAL)).extracting(ValueType::getDecimal)
                .isEqualTo("1.2345678901234567890123456789012345678");
        assertThat(data.get("n40")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString)
                .isEqualTo("12345678901234567890123456789012345678.91");
        assertThat(data.get("nfree")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString)
                .isEqualTo("0.000000000000000000000000000001");
        assertThat(data.get("f4")).satisfies(v -> assertCase(v, ValueType.InnerCase.FLOAT)).extracting(ValueType::getFloat).isEqualTo(1.5f);
        assertThat(data.get("f8")).satisfies(v -> assertCase(v, ValueType.InnerCase.DOUBLE)).extracting(ValueType::getDouble).isEqualTo(0.1);

        assertThat(data.get("d")).satisfies(v -> assertCase(v, ValueType.InnerCase.NAIVE_DATE)).extracting(ValueType::getNaiveDate)
                .isEqualTo(timestamp(LocalDate.of(2024, 2, 29).atStartOfDay().toEpochSecond(ZoneOffset.UTC), 0));
        assertThat(data.get("ts")).satisfies(v -> assertCase(v, ValueType.InnerCase.NAIVE_DATETIME)).extracting(ValueType::getNaiveDatetime)
                .isEqualTo(timestamp(LocalDateTime.of(2024, 2, 29, 13, 14, 15).toEpochSecond(ZoneOffset.UTC), 123_456_000));
        assertThat(data.get("tstz")).satisfies(v -> assertCase(v, ValueType.InnerCase.UTC_DATETIME)).extracting(ValueType::getUtcDatetime)
                .isEqualTo(timestamp(Instant.parse("2024-02-29T11:14:15Z").getEpochSecond(), 500_000_000));
        assertThat(data.get("tm")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("13:14:15.25");
        assertThat(data.get("tmtz")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("10:11:12+05:30");
        assertThat(data.get("iv")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString)
                .isEqualTo("P1Y2M3DT4H5M6.789S");

        assertThat(data.get("j")).satisfies(v -> assertCase(v, ValueType.InnerCase.JSON)).extracting(ValueType::getJson).isEqualTo("{\"a\": [1, 2]}");
        assertThat(data.get("jb")).satisfies(v -> assertCase(v, ValueType.InnerCase.JSON)).extracting(ValueType::getJson)
                .isEqualTo("{\"b\": {\"c\": true}}");
        assertThat(data.get("ia")).satisfies(v -> assertCase(v, ValueType.InnerCase.JSON)).extracting(ValueType::getJson).isEqualTo("[1,2]");
        assertThat(data.get("ta")).satisfies(v -> assertCase(v, ValueType.InnerCase.JSON)).extracting(ValueType::getJson).isEqualTo("[\"x\",\"y,z\"]");

        assertThat(data.get("raw")).satisfies(v -> assertCase(v, ValueType.InnerCase.BINARY));
        assertThat(data.get("raw").getBinary().toByteArray()).containsExactly(0xDE, 0xAD, 0xBE, 0xEF);
        assertThat(data.get("x")).satisfies(v -> assertCase(v, ValueType.InnerCase.XML)).extracting(ValueType::getXml).isEqualTo("<a>b</a>");
        assertThat(data.get("t")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("Zoë \"q\"\n\\");
        assertThat(data.get("vc")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("varchar");
        assertThat(data.get("u")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString)
                .isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(data.get("m")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("happy");
        assertThat(data.get("ip")).satisfies(v -> assertCase(v, ValueType.InnerCase.STRING)).extracting(ValueType::getString).isEqualTo("192.168.0.1/24");
        assertThat(data.get("dom")).satisfies(v -> assertCase(v, ValueType.InnerCase.INT)).extracting(ValueType::getInt).isEqualTo(7);

        assertThat(records.newWarnings()).isEmpty();
    }

    @Test
    void sqlNullIsNullInEveryColumn() {
        TableRecords records = new TableRecords(table, columns);
        Map<String, ValueType> data = records.upserts(rowsOf(2)).get(0).getDataMap();

        assertThat(data.get("id").getInt()).isEqualTo(2);
        for (String column : columns) {
            if (!column.equals("id")) {
                assertThat(data.get(column)).as(column).isEqualTo(ValueType.newBuilder().setNull(true).build());
                assertThat(data.get(column).getInnerCase()).as(column).isEqualTo(ValueType.InnerCase.NULL);
            }
        }
        assertThat(records.newWarnings()).as("SQL NULL is no conversion problem").isEmpty();
    }

    @Test
    void nonFiniteNumbersOfTypesThatHoldThemAreKept() {
        TableRecords records = new TableRecords(table, columns);
        Map<String, ValueType> data = records.upserts(rowsOf(3)).get(0).getDataMap();

        assertThat(data.get("nfree").getString()).isEqualTo("NaN");
        assertThat(data.get("f4").getInnerCase()).isEqualTo(ValueType.InnerCase.FLOAT);
        assertThat(data.get("f4").getFloat()).isNaN();
        assertThat(data.get("f8").getInnerCase()).isEqualTo(ValueType.InnerCase.DOUBLE);
        assertThat(data.get("f8").getDouble()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(records.newWarnings()).noneMatch(w -> w.contains(".nfree") || w.contains(".f4") || w.contains(".f8"));
    }

    @Test
    void valuesNoFivetranTypeHoldsAreNullWithOneWarningPerColumn() {
        TableRecords records = new TableRecords(table, columns);
        Map<String, ValueType> first = records.upserts(rowsOf(3)).get(0).getDataMap();

        for (String column : OUT_OF_RANGE) {
            assertThat(first.get(column)).as(column).isEqualTo(FivetranTypes.nullValue());
        }
        List<String> warnings = records.newWarnings();
        assertThat(warnings).hasSize(OUT_OF_RANGE.size());
        for (String column : OUT_OF_RANGE) {
            assertThat(warnings).as(column).filteredOn(w -> w.startsWith("public.types." + column + ":")).hasSize(1);
        }
        assertThat(warnings).filteredOn(w -> w.startsWith("public.types.tstz:")).singleElement()
                .satisfies(w -> assertThat(w).contains("'infinity'").contains("UTC_DATETIME"));
        assertThat(warnings).filteredOn(w -> w.startsWith("public.types.n12:")).singleElement()
                .satisfies(w -> assertThat(w).contains("'NaN'").contains("DECIMAL"));

        // another bad value in each of these columns (BC, -infinity, NaN again): null again, no second warning
        Map<String, ValueType> second = records.upserts(rowsOf(4)).get(0).getDataMap();
        for (String column : OUT_OF_RANGE) {
            assertThat(second.get(column)).as(column).isEqualTo(FivetranTypes.nullValue());
        }
        assertThat(records.newWarnings()).isEmpty();
    }

    @Test
    void badValuesInOneBatchWarnOncePerColumn() {
        TableRecords records = new TableRecords(table, columns);
        List<Record> upserts = records.upserts(rowsOf(3, 4, 1));

        assertThat(upserts.get(1).getDataMap().get("ts")).isEqualTo(FivetranTypes.nullValue());
        assertThat(upserts.get(1).getDataMap().get("d")).isEqualTo(FivetranTypes.nullValue());
        assertThat(upserts.get(2).getDataMap().get("ts").getInnerCase()).isEqualTo(ValueType.InnerCase.NAIVE_DATETIME);
        assertThat(records.newWarnings()).hasSize(OUT_OF_RANGE.size());
        assertThat(records.newWarnings()).as("newWarnings() hands each warning out once").isEmpty();
    }

    @Test
    void eachBadValueKindIsOutOfRangeOnItsOwn() {
        // a fresh TableRecords per row: BC and year 10000 are refused for themselves, not for an earlier infinity
        assertThat(warnedColumns(rows.get(3))).containsExactlyInAnyOrderElementsOf(OUT_OF_RANGE);
        assertThat(warnedColumns(rows.get(4))).containsExactlyInAnyOrderElementsOf(OUT_OF_RANGE);
    }

    @Test
    void yearsOneAndNineThousandNineHundredNinetyNineAreInRange() {
        TableRecords records = new TableRecords(table, columns);
        Map<String, ValueType> data = records.upserts(rowsOf(5)).get(0).getDataMap();

        assertThat(data.get("n12").getDecimal()).isEqualTo("-0.50");
        assertThat(data.get("d").getNaiveDate())
                .isEqualTo(timestamp(LocalDate.of(1, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC), 0));
        assertThat(data.get("ts").getNaiveDatetime())
                .isEqualTo(timestamp(LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC), 0));
        assertThat(data.get("tstz").getUtcDatetime())
                .isEqualTo(timestamp(Instant.parse("9999-12-31T23:59:59Z").getEpochSecond(), 999_999_000));
        assertThat(records.newWarnings()).isEmpty();
    }

    private static List<String> warnedColumns(Object[] row) {
        TableRecords records = new TableRecords(table, columns);
        records.upserts(List.<Object[]>of(row));
        return records.newWarnings().stream()
                .map(w -> w.substring("public.types.".length(), w.indexOf(':')))
                .toList();
    }

    private static List<Object[]> rowsOf(int... ids) {
        List<Object[]> selected = new java.util.ArrayList<>();
        for (int id : ids) {
            selected.add(rows.get(id));
        }
        return selected;
    }

    private static SourceColumn column(String name) {
        return table.column(name).orElseThrow();
    }

    private static Optional<DataTypeParams> params(String name) {
        return FivetranTypes.of(column(name)).params();
    }

    private static void assertCase(ValueType value, ValueType.InnerCase expected) {
        assertThat(value.getInnerCase()).isEqualTo(expected);
    }

    private static Timestamp timestamp(long seconds, int nanos) {
        return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
    }
}
