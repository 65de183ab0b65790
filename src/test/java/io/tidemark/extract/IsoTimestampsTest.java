package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written ISO text is the JDK formatters' text, character for character. */
class IsoTimestampsTest {
    private static final List<Integer> NANOS = List.of(0, 1, 10, 1_000, 100_000, 123_456_000, 999_999_999, 500_000_000, 120_000);

    @Test
    void matchesTheFormattersOnEdgesAndRandomValues() {
        Random random = new Random(11);
        List<Integer> years = List.of(0, 1, 44, 999, 1970, 2024, 9999, -1, -44, 10_000, 275_760);
        for (int year : years) {
            for (int nanos : NANOS) {
                assertSame(LocalDateTime.of(year, 2, 28, 23, 59, 59, nanos), ZoneOffset.UTC);
                assertSame(LocalDateTime.of(year, 1, 1, 0, 0, 0, nanos), ZoneOffset.ofHoursMinutes(5, 30));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            LocalDateTime value = LocalDateTime.of(random.nextInt(10_400) - 200, 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60),
                    random.nextBoolean() ? random.nextInt(1_000_000) * 1_000 : NANOS.get(random.nextInt(NANOS.size())));
            assertSame(value, ZoneOffset.ofHours(random.nextInt(29) - 14));
        }
    }

    @Test
    void aTimestampWithZoneIsTheInstantInUtc() {
        OffsetDateTime value = OffsetDateTime.of(LocalDateTime.of(2024, 6, 30, 15, 30, 0, 123_456_000), ZoneOffset.ofHoursMinutes(5, 30));

        assertThat(IsoTimestamps.utcInstant(value)).isEqualTo("2024-06-30T10:00:00.123456Z");
    }

    private static void assertSame(LocalDateTime value, ZoneOffset offset) {
        LocalDate date = value.toLocalDate();
        assertThat(IsoTimestamps.date(date)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
        assertThat(IsoTimestamps.localDateTime(value)).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value));
        OffsetDateTime zoned = OffsetDateTime.of(value, offset);
        assertThat(IsoTimestamps.utcInstant(zoned))
                .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(zoned.withOffsetSameInstant(ZoneOffset.UTC)));
    }
}
