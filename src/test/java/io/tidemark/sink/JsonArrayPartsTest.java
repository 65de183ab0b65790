package io.tidemark.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting a batch's records into JSON array messages within the caps, boundaries exactly at a cap included. */
class JsonArrayPartsTest {
    private record Part(String body, int number, int records, boolean last) {
    }

    private final List<Part> sent = new ArrayList<>();

    @Test
    void withoutCapsTheBatchIsOneMessage() throws IOException {
        split(MessageCaps.NONE, "{\"a\":1}", "{\"a\":2}", "{\"a\":3}");

        assertThat(sent).containsExactly(new Part("[{\"a\":1},{\"a\":2},{\"a\":3}]", 1, 3, true));
    }

    @Test
    void maxRecordsClosesAPartAtExactlyTheCap() throws IOException {
        split(new MessageCaps(2, 0), "1", "2", "3", "4", "5");

        assertThat(sent).containsExactly(new Part("[1,2]", 1, 2, false), new Part("[3,4]", 2, 2, false),
                new Part("[5]", 3, 1, true));
    }

    @Test
    void aBodyOfExactlyMaxBytesIsSentWhole() throws IOException {
        // [1111,2222] is 11 bytes
        split(new MessageCaps(0, 11), "1111", "2222", "3333");

        assertThat(sent).containsExactly(new Part("[1111,2222]", 1, 2, false), new Part("[3333]", 2, 1, true));
        assertThat(sent).allSatisfy(p -> assertThat(p.body().length()).isLessThanOrEqualTo(11));
    }

    @Test
    void oneByteOverMaxBytesStartsTheNextPart() throws IOException {
        split(new MessageCaps(0, 10), "1111", "2222", "3333");

        assertThat(sent).extracting(Part::body).containsExactly("[1111]", "[2222]", "[3333]");
    }

    @Test
    void aRecordAloneOverMaxBytesGoesAloneBetweenTheOthers() throws IOException {
        split(new MessageCaps(0, 8), "11", "22", "3333333333", "44", "55");

        assertThat(sent).extracting(Part::body).containsExactly("[11,22]", "[3333333333]", "[44,55]");
        assertThat(sent).extracting(Part::number).containsExactly(1, 2, 3);
        assertThat(sent).extracting(Part::last).containsExactly(false, false, true);
    }

    @Test
    void theFirstCapReachedDecides() throws IOException {
        split(new MessageCaps(3, 9), "1", "2", "3", "4", "55555", "6");

        // [1,2,3] reaches 3 records; [4,55555] is 9 bytes, a 6 would make it 11
        assertThat(sent).extracting(Part::body).containsExactly("[1,2,3]", "[4,55555]", "[6]");
    }

    @Test
    void sizesAreCountedNotRemeasured() throws IOException {
        // 1,000 records of 100 bytes under Fivetran's 100 records / 100 KiB: every part holds 100 records
        String record = "x".repeat(100);
        String[] records = new String[1_000];
        java.util.Arrays.fill(records, record);
        split(new MessageCaps(100, 102_400), records);

        assertThat(sent).hasSize(10).allSatisfy(p -> {
            assertThat(p.records()).isEqualTo(100);
            assertThat(p.body()).hasSize(2 + 100 * 100 + 99);
        });
    }

    @Test
    void aBatchWithoutRecordsSendsNothing() throws IOException {
        split(new MessageCaps(1, 1));

        assertThat(sent).isEmpty();
    }

    private void split(MessageCaps caps, String... records) throws IOException {
        JsonArrayParts parts = new JsonArrayParts(caps,
                (body, part, count, last) -> sent.add(new Part(new String(body, StandardCharsets.UTF_8), part, count, last)),
                "test batch");
        for (String record : records) {
            parts.add(record.getBytes(StandardCharsets.UTF_8));
        }
        parts.finish();
    }
}
