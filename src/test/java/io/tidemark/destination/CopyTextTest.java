package io.tidemark.destination;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.rows.RawJson;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void arraysBecomeArrayLiteralsWithEveryElementQuoted() {
        assertThat(CopyText.arrayLiteral("[1,2.50,null]", false)).isEqualTo("{\"1\",\"2.50\",NULL}");
        assertThat(CopyText.arrayLiteral("[[1,2],[3,4]]", false)).isEqualTo("{{\"1\",\"2\"},{\"3\",\"4\"}}");
        assertThat(CopyText.arrayLiteral("[\"say \\\"hi\\\"\",\"back\\\\slash\",\"\",\"NULL\"]", false))
                .isEqualTo("{\"say \\\"hi\\\"\",\"back\\\\slash\",\"\",\"NULL\"}");
        assertThat(CopyText.arrayLiteral("[]", false)).isEqualTo("{}");
        assertThat(CopyText.arrayLiteral("[{\"k\":\"v\"},[1,2],\"s\"]", true))
                .as("json elements keep their JSON text").isEqualTo("{\"{\\\"k\\\":\\\"v\\\"}\",\"[1,2]\",\"\\\"s\\\"\"}");
    }

    @Test
    void datesBeforeYearOneAreBcAndFiveDigitYearsLoseTheirPlus() {
        assertThat(CopyText.isoDateTime("-0043-03-15")).isEqualTo("0044-03-15 BC");
        assertThat(CopyText.isoDateTime("0000-01-01T00:00:00")).isEqualTo("0001-01-01T00:00:00 BC");
        assertThat(CopyText.isoDateTime("+10000-01-01T00:00:00Z")).isEqualTo("10000-01-01T00:00:00Z");
        assertThat(CopyText.isoDateTime("-infinity")).isEqualTo("-infinity");
        assertThat(CopyText.isoDateTime("2024-02-29")).isEqualTo("2024-02-29");
    }

    @Test
    void nullIsNotTheEmptyStringAndSpecialCharactersAreEscaped() {
        StringBuilder line = new StringBuilder();
        CopyText.appendField(line, null);
        line.append('|');
        CopyText.appendField(line, "");
        line.append('|');
        CopyText.appendField(line, "a\tb\nc\rd\\e");
        line.append('|');
        CopyText.appendField(line, "\\x\t");
        assertThat(line).hasToString("\\N||a\\tb\\nc\\rd\\\\e|\\\\x\\t");
    }

    @Test
    void deleteKeysLoggedAsJsonAreUnwrapped() {
        assertThat(CopyText.text(new RawJson("\"abc\""), CopyText.Kind.PLAIN)).isEqualTo("abc");
        assertThat(CopyText.text(new RawJson("42"), CopyText.Kind.PLAIN)).isEqualTo("42");
        assertThat(CopyText.text(new RawJson("\"AAEC\""), CopyText.Kind.BYTEA)).isEqualTo("\\x000102");
        assertThat(CopyText.text(new byte[] {0, (byte) 0xff}, CopyText.Kind.BYTEA)).isEqualTo("\\x00ff");
        assertThat(CopyText.text(new RawJson("\"x\""), CopyText.Kind.JSON)).as("a json value stays JSON").isEqualTo("\"x\"");
    }
}
