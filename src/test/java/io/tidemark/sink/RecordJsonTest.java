package io.tidemark.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tidemark.rows.RawJson;
import io.tidemark.rows.RowBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One record as both sinks write it, per kind of value the source readers produce ({@code ColumnReader}: Long,
 * Boolean, String, {@link RawJson} for numerics, json/jsonb and arrays, byte[] for bytea), and with
 * {@code flatten-json}.
 */
class RecordJsonTest {
    private static final String TAIL = ",\"_tidemark_op\":\"upsert\",\"_tidemark_synced_at\":\"2026-01-01T00:00:00Z\"}";

    @Test
    void numericsKeepEveryDigitAndNonFiniteValuesAreStrings() throws IOException {
        assertThat(record(false, "n", new RawJson("123456789012345678901234567890.1234567890")))
                .isEqualTo("{\"n\":123456789012345678901234567890.1234567890" + TAIL);
        assertThat(record(false, "tiny", new RawJson("0.000000000000000000000000000001")))
                .isEqualTo("{\"tiny\":0.000000000000000000000000000001" + TAIL);
        assertThat(record(false, "nan", "NaN", "inf", "Infinity", "minf", "-Infinity"))
                .isEqualTo("{\"nan\":\"NaN\",\"inf\":\"Infinity\",\"minf\":\"-Infinity\"" + TAIL);
        assertThat(record(false, "i8", Long.MIN_VALUE, "i4", 7)).isEqualTo("{\"i8\":-9223372036854775808,\"i4\":7" + TAIL);
    }

    @Test
    void timesAreTheReadersIsoText() throws IOException {
        assertThat(record(false, "tstz", "2024-06-30T10:00:00.123456Z", "ts", "2024-02-29T23:59:59.999999",
                "inf", "infinity", "minf", "-infinity", "d", "-0043-03-15", "tm", "23:59:59.999999", "tmtz", "10:11:12+05:30",
                "iv", "P1Y2M3DT4H5M6.789S"))
                .isEqualTo("{\"tstz\":\"2024-06-30T10:00:00.123456Z\",\"ts\":\"2024-02-29T23:59:59.999999\","
                        + "\"inf\":\"infinity\",\"minf\":\"-infinity\",\"d\":\"-0043-03-15\",\"tm\":\"23:59:59.999999\","
                        + "\"tmtz\":\"10:11:12+05:30\",\"iv\":\"P1Y2M3DT4H5M6.789S\"" + TAIL);
    }

    @Test
    void jsonAndArraysAreEmbeddedAsJson() throws IOException {
        assertThat(record(false, "jb", new RawJson("{\"k\": 12345678901234567890.123, \"e\": []}"),
                "ia2", new RawJson("[[1,2],[3,4]]"), "ta", new RawJson("[\"x\",\"y,z\",null]")))
                .isEqualTo("{\"jb\":{\"k\": 12345678901234567890.123, \"e\": []},\"ia2\":[[1,2],[3,4]],"
                        + "\"ta\":[\"x\",\"y,z\",null]" + TAIL);
    }

    @Test
    void byteaIsBase64AndTextTypesAreStrings() throws IOException {
        assertThat(record(false, "raw", new byte[] {0x00, (byte) 0xff, 0x10, (byte) 0xfe, 0x7f, (byte) 0x80},
                "empty", new byte[0], "u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "mood", "happy", "t", "Zoë \"q\"\n"))
                .isEqualTo("{\"raw\":\"AP8Q/n+A\",\"empty\":\"\",\"u\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
                        + "\"mood\":\"happy\",\"t\":\"Zoë \\\"q\\\"\\n\"" + TAIL);
    }

    @Test
    void nullBooleansAndDomainsKeepTheirJsonTypes() throws IOException {
        // a domain over integer is read as its base type
        assertThat(record(false, "missing", null, "flag", true, "dom", 7L))
                .isEqualTo("{\"missing\":null,\"flag\":true,\"dom\":7" + TAIL);
    }

    @Test
    void deletesSayDelete() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            RecordJson json = new RecordJson(false);
            json.write(generator, json.fields(List.of("id"), RowBatch.Op.DELETE, "2026-01-01T00:00:00Z"), new Object[] {5L});
        }
        assertThat(out.toString()).isEqualTo("{\"id\":5,\"_tidemark_op\":\"delete\",\"_tidemark_synced_at\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void namesEncodedOnceForABatchAreEscapedInEveryRecord() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordJson json = new RecordJson(false);
        RecordJson.Fields fields = json.fields(List.of("say \"hi\"", "größe"), RowBatch.Op.UPSERT, "2026-01-01T00:00:00Z");
        try (JsonGenerator generator = new JsonFactory().createGenerator(out, JsonEncoding.UTF8).setRootValueSeparator(null)) {
            json.write(generator, fields, new Object[] {1L, "ä"});
            generator.writeRaw('\n');
            json.write(generator, fields, new Object[] {2L, null});
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"say \\\"hi\\\"\":1,\"größe\":\"ä\",\"_tidemark_op\":\"upsert\",\"_tidemark_synced_at\":\"2026-01-01T00:00:00Z\"}\n"
                + "{\"say \\\"hi\\\"\":2,\"größe\":null,\"_tidemark_op\":\"upsert\",\"_tidemark_synced_at\":\"2026-01-01T00:00:00Z\"}");
    }

    @Nested
    class FlattenJson {
        @Test
        void objectsBecomeParentChildFieldsRecursively() throws IOException {
            assertThat(record(true, "id", 1L, "doc", new RawJson("{\"a\": 1, \"b\": {\"c\": \"x\", \"d\": {\"e\": true}}}")))
                    .isEqualTo("{\"id\":1,\"doc_a\":1,\"doc_b_c\":\"x\",\"doc_b_d_e\":true" + TAIL);
        }

        @Test
        void nullEmptyStringAndEmptyObjectsStayWhatTheyAre() throws IOException {
            // the seed turned all of these into 'N/A'
            assertThat(record(true, "gone", null, "blank", "", "doc", new RawJson("{\"n\": null, \"s\": \"\", \"o\": {}}"),
                    "empty", new RawJson("{}")))
                    .isEqualTo("{\"gone\":null,\"blank\":\"\",\"doc_n\":null,\"doc_s\":\"\",\"doc_o\":{},\"empty\":{}" + TAIL);
        }

        @Test
        void arraysStayJsonExactlyAsWrittenAndNumbersKeepTheirDigits() throws IOException {
            assertThat(record(true, "doc", new RawJson("{\"a\": [1, 2.50, {\"b\": null}], \"k\": 12345678901234567890.1230, \"e\": 1e400}")))
                    .isEqualTo("{\"doc_a\":[1, 2.50, {\"b\": null}],\"doc_k\":12345678901234567890.1230,\"doc_e\":1e400" + TAIL);
        }

        @Test
        void valuesThatAreNotObjectsAreUnchanged() throws IOException {
            assertThat(record(true, "arr", new RawJson("[{\"a\": 1}]"), "str", new RawJson("\"text\""),
                    "n", new RawJson("1.50"), "lit", new RawJson("null")))
                    .isEqualTo("{\"arr\":[{\"a\": 1}],\"str\":\"text\",\"n\":1.50,\"lit\":null" + TAIL);
        }

        @Test
        void aNameTakenTwiceIsRefusedNotOverwritten() {
            assertThatThrownBy(() -> record(true, "doc", new RawJson("{\"a\": 1}"), "doc_a", 2L))
                    .isInstanceOf(FlattenedNameCollision.class).hasMessageContaining("'doc_a'");
            assertThatThrownBy(() -> record(true, "doc_a", 2L, "doc", new RawJson("{\"a\": 1}")))
                    .isInstanceOf(FlattenedNameCollision.class);
            assertThatThrownBy(() -> record(true, "doc", new RawJson("{\"a_b\": 1, \"a\": {\"b\": 2}}")))
                    .isInstanceOf(FlattenedNameCollision.class).hasMessageContaining("'doc_a_b'");
            assertThatThrownBy(() -> record(true, "doc", new RawJson("{\"op\": 1}"), "_tidemark", new RawJson("{\"op\": 2}")))
                    .isInstanceOf(FlattenedNameCollision.class).hasMessageContaining("'_tidemark_op'");
        }

        @Test
        void withoutFlatteningObjectsStayWhole() throws IOException {
            assertThat(record(false, "doc", new RawJson("{\"a\": {\"b\": 1}}"))).isEqualTo("{\"doc\":{\"a\": {\"b\": 1}}" + TAIL);
        }
    }

    /** Serializes one upsert record of alternating column names and values. */
    private static String record(boolean flatten, Object... namesAndValues) throws IOException {
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.add((String) namesAndValues[i]);
            values.add(namesAndValues[i + 1]);
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = new JsonFactory().createGenerator(out)) {
            RecordJson json = new RecordJson(flatten);
            json.write(generator, json.fields(columns, RowBatch.Op.UPSERT, "2026-01-01T00:00:00Z"), values.toArray());
        }
        return out.toString();
    }

}
