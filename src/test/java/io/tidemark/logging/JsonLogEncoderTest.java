package io.tidemark.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tidemark's JSON log line: one escaped object per line, the run and table when known, a failure's first line only. */
class JsonLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoggerContext context = new LoggerContext();
    private final JsonLogEncoder encoder = new JsonLogEncoder();

    @Test
    void aLineWithItsTableAndFailure() throws Exception {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.tidemark.run.TableExtraction"), Level.ERROR,
                "{} failed after {} rows: \"quoted\"\nsecond line", new java.sql.SQLException("ERROR: boom\n  Detail: more"),
                new Object[] {"public.orders", 500});
        event.setMDCPropertyMap(Map.of(LogContext.RUN_ID, "20261129T101010Z-abcdef", LogContext.TABLE, "public.orders"));

        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        assertThat(line).endsWith("\n").doesNotContain("\n  Detail");
        assertThat(line.strip().lines()).hasSize(1);
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
        assertThat(json.get("logger").asText()).isEqualTo("io.tidemark.run.TableExtraction");
        assertThat(json.get("message").asText()).isEqualTo("public.orders failed after 500 rows: \"quoted\"\nsecond line");
        assertThat(json.get("run_id").asText()).isEqualTo("20261129T101010Z-abcdef");
        assertThat(json.get("table").asText()).isEqualTo("public.orders");
        assertThat(json.get("error_class").asText()).isEqualTo("java.sql.SQLException");
        assertThat(json.get("error").asText()).isEqualTo("ERROR: boom");
        assertThat(json.get("time").asText()).endsWith("Z");
    }

    @Test
    void aLineWithoutContextHasNoSuchFields() throws Exception {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("x"), Level.INFO, "plain", null, null);
        event.setMDCPropertyMap(Map.of());

        JsonNode json = JSON.readTree(encoder.encode(event));

        assertThat(json.has("run_id")).isFalse();
        assertThat(json.has("table")).isFalse();
        assertThat(json.has("error_class")).isFalse();
    }
}
