package io.tidemark.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;

/** The live progress line: progress rewritten in place, other lines printed above it, a finished table's part gone. */
class LiveProgressEncoderTest {
    private static final String CLEAR = LiveProgressEncoder.CLEAR_LINE;
    private final LoggerContext context = new LoggerContext();
    private final LiveProgressEncoder encoder = encoder(200);

    private LiveProgressEncoder encoder(int width) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern("%-5level %msg%n");
        layout.start();
        return new LiveProgressEncoder(layout, width);
    }

    private String encode(LiveProgressEncoder target, Marker marker, String table, String message) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger("io.tidemark.run.TableProgress"),
                Level.INFO, message, null, null);
        if (marker != null) {
            event.addMarker(marker);
        }
        event.setMDCPropertyMap(table == null ? Map.of() : Map.of(LogContext.TABLE, table));
        return new String(target.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void progressIsRewrittenInPlaceAndOtherLinesGoAboveIt() {
        assertThat(encode(encoder, LogContext.PROGRESS, "public.a", "public.a: 10 %"))
                .isEqualTo(CLEAR + "public.a: 10 %");
        assertThat(encode(encoder, LogContext.PROGRESS, "public.b", "public.b: 5 %"))
                .isEqualTo(CLEAR + "public.a: 10 %  |  public.b: 5 %");
        assertThat(encode(encoder, LogContext.PROGRESS, "public.a", "public.a: 20 %"))
                .as("a table's new progress replaces its old, in its place")
                .isEqualTo(CLEAR + "public.a: 20 %  |  public.b: 5 %");
        assertThat(encode(encoder, null, null, "Sync cycle started"))
                .isEqualTo(CLEAR + "INFO  Sync cycle started\n" + "public.a: 20 %  |  public.b: 5 %");
        assertThat(encode(encoder, LogContext.TABLE_DONE, "public.a", "public.a success: 100 rows"))
                .isEqualTo(CLEAR + "INFO  public.a success: 100 rows\n" + "public.b: 5 %");
        assertThat(encode(encoder, LogContext.TABLE_DONE, "public.b", "public.b failed"))
                .isEqualTo(CLEAR + "INFO  public.b failed\n");
        assertThat(new String(encoder.footerBytes(), StandardCharsets.UTF_8)).isEqualTo(CLEAR);
    }

    @Test
    void aLiveLineWiderThanTheTerminalIsCut() {
        LiveProgressEncoder narrow = encoder(20);

        assertThat(encode(narrow, LogContext.PROGRESS, "public.long_table_name", "public.long_table_name: 1,000,000 rows"))
                .isEqualTo(CLEAR + "public.long_table_…");
    }
}
