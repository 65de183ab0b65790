package io.tidemark.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log events as the Partner SDK's JSON lines: one valid JSON object per line, levels in Fivetran's names. */
class FivetranLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("a.b.C");
    private final FivetranLogEncoder encoder = new FivetranLogEncoder();

    @Test
    void aWarningWithAnExceptionIsOneLineOfJson() throws Exception {
        RuntimeException thrown = new IllegalStateException("first line of the cause\nsecond line \"hidden\"");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "table {} said \"hi\" at C:\\data\nthen more", thrown, new Object[] {"public.orders"});

        byte[] bytes = encoder.encode(event);
        String line = new String(bytes, StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n");
        assertThat(line.chars().filter(c -> c == '\n').count()).as("exactly one line").isEqualTo(1);
        assertThat(line).doesNotContain("\r", "second line", "at io.tidemark", "\tat ");
        JsonNode json = JSON.readTree(line);
        assertThat(json.isObject()).isTrue();
        assertThat(fieldNames(json)).containsExactly("level", "message", "message-origin");
        assertThat(json.get("level").asText()).isEqualTo("WARNING");
        assertThat(json.get("message-origin").asText()).isEqualTo("sdk_connector");
        assertThat(json.get("message").asText()).isEqualTo(
                "C - table public.orders said \"hi\" at C:\\data\nthen more"
                        + " (java.lang.IllegalStateException: first line of the cause)");
    }

    @Test
    void levelsAreFivetransNames() throws Exception {
        assertThat(level(Level.ERROR)).isEqualTo("SEVERE");
        assertThat(level(Level.WARN)).isEqualTo("WARNING");
        assertThat(level(Level.INFO)).isEqualTo("INFO");
        assertThat(level(Level.DEBUG)).isEqualTo("INFO");
        assertThat(level(Level.TRACE)).isEqualTo("INFO");
    }

    @Test
    void anEventWithoutExceptionIsTheLoggersSimpleNameAndTheMessage() throws Exception {
        JsonNode json = encodeParsed(new LoggingEvent(Logger.class.getName(), context.getLogger("NoPackage"), Level.INFO,
                "plain", null, null));

        assertThat(json.get("message").asText()).isEqualTo("NoPackage - plain");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void anExceptionWithoutMessageIsItsClass() throws Exception {
        JsonNode json = encodeParsed(new LoggingEvent(Logger.class.getName(), logger, Level.ERROR, "failed",
                new NullPointerException(), null));

        assertThat(json.get("message").asText()).isEqualTo("C - failed (java.lang.NullPointerException)");
        assertThat(json.get("level").asText()).isEqualTo("SEVERE");
    }

    @Test
    void eachEventIsItsOwnLineWithoutHeaderOrFooter() {
        assertThat(encoder.headerBytes()).isEmpty();
        assertThat(encoder.footerBytes()).isEmpty();
        String two = new String(encoder.encode(new LoggingEvent("x", logger, Level.INFO, "one", null, null)), StandardCharsets.UTF_8)
                + new String(encoder.encode(new LoggingEvent("x", logger, Level.INFO, "two", null, null)), StandardCharsets.UTF_8);

        assertThat(two.lines()).hasSize(2).allSatisfy(line -> assertThat(JSON.readTree(line).get("message-origin").asText())
                .isEqualTo("sdk_connector"));
    }

    private String level(Level level) throws Exception {
        return encodeParsed(new LoggingEvent(Logger.class.getName(), logger, level, "m", null, null)).get("level").asText();
    }

    private JsonNode encodeParsed(LoggingEvent event) throws Exception {
        return JSON.readTree(encoder.encode(event));
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
