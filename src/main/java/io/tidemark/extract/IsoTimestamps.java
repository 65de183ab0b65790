package io.tidemark.extract;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 text of dates and timestamps, exactly as {@link DateTimeFormatter#ISO_LOCAL_DATE},
 * {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} and {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} (in UTC) print
 * them, written straight into a char array: the formatters' generic field-by-field printing was the largest
 * cost of decoding a row. Years outside 0..9999, which ISO-8601 prints with a sign or more digits, are left
 * to the formatters.
 */
final class IsoTimestamps {

    private IsoTimestamps() {
    }

    static String date(LocalDate value) {
        if (!fourDigitYear(value.getYear())) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(value);
        }
        char[] text = new char[10];
        writeDate(text, value);
        return new String(text);
    }

    static String localDateTime(LocalDateTime value) {
        if (!fourDigitYear(value.getYear())) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(value);
        }
        char[] text = new char[29];
        int length = writeDateTime(text, value.toLocalDate(), value.toLocalTime());
        return new String(text, 0, length);
    }

    /** The instant in UTC, ending in {@code Z}. */
    static String utcInstant(OffsetDateTime value) {
        OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
        if (!fourDigitYear(utc.getYear())) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc);
        }
        char[] text = new char[30];
        int length = writeDateTime(text, utc.toLocalDate(), utc.toLocalTime());
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    private static boolean fourDigitYear(int year) {
        return year >= 0 && year <= 9999;
    }

    private static void writeDate(char[] text, LocalDate date) {
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss}, then the fraction's digits up to the last that is not zero, as ISO prints it. */
    private static int writeDateTime(char[] text, LocalDate date, LocalTime time) {
        writeDate(text, date);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos == 0) {
            return 19;
        }
        text[19] = '.';
        digits(text, 20, nanos, 9);
        int end = 29;
        while (text[end - 1] == '0') {
            end--;
        }
        return end;
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
