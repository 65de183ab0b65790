package io.tidemark.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tidemark's own meters, named {@code tidemark.*} (Prometheus: {@code tidemark_*}): what was synced per table, batch
 * sizes per category, cycles, how far each incremental table is behind its source, freshness decisions and
 * Fivetran API calls. Every value is kept in memory as it happens, so a scrape never waits on a database. The last
 * cycle's outcome is kept for the health check too.
 */
public final class TidemarkMeters {
    /** PostgreSQL's text of a timestamp (ISO date style): date, time with up to 6 fractional digits, for timestamptz an offset. */
    private static final DateTimeFormatter POSTGRES_TIMESTAMP = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalStart().appendOffset("+HH:mm", "+00").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final CompositeMeterRegistry registry;
    private final Clock clock;
    private final ZoneId timestampZone;
    private final Map<String, AtomicInteger> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, TableCounters> tableCounters = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Instant>> cursorPositions = new ConcurrentHashMap<>();
    private final AtomicReference<LastCycle> lastCycle = new AtomicReference<>();

    /**
     * @param registry      where the meters are scraped from (Camel Main's Prometheus registry)
     * @param timestampZone the zone a {@code timestamp} (without time zone) cursor's values are in
     */
    public TidemarkMeters(MeterRegistry registry, Clock clock, ZoneId timestampZone) {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(registry);
        this.registry = composite;
        this.clock = clock;
        this.timestampZone = timestampZone;
    }

    /**
     * The registry Tidemark's meters are registered in: binders of other meters of Tidemark's (resource gauges) add
     * theirs here, so that {@link #alsoIn} shows them too.
     */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Shows every Tidemark meter in {@code hostRegistry} as well, those registered later too (per table, per answer):
     * for a host that scrapes a registry of its own (Quarkus).
     */
    public void alsoIn(MeterRegistry hostRegistry) {
        registry.add(hostRegistry);
    }

    private record TableCounters(Counter rows, Counter batches) {
    }

    /** A cycle's outcome as the health check reports it. */
    public record LastCycle(String runId, Instant finishedAt, int tables, long failedTables, long rows) {
    }

    /** A batch of a table was written (and is being checkpointed). */
    public void batchWritten(String table, String category, int rows, int batchSize) {
        // registered once per table and category, not looked up in the registry for every batch
        TableCounters counters = tableCounters.computeIfAbsent(table + "\u0000" + category, key -> new TableCounters(
                Counter.builder("tidemark.table.rows").description("rows written per table").tag("table", table)
                        .tag("category", category).register(registry),
                Counter.builder("tidemark.table.batches").description("batches written per table").tag("table", table)
                        .tag("category", category).register(registry)));
        counters.rows().increment(rows);
        counters.batches().increment();
        batchSizes.computeIfAbsent(category, label -> {
            AtomicInteger size = new AtomicInteger();
            Gauge.builder("tidemark.batch.size", size, AtomicInteger::get).description("rows asked for in the last batch read")
                    .tag("category", label).register(registry);
            return size;
        }).set(batchSize);
    }

    /** A table's run ended: {@code status} as {@code _tidemark.sync_runs} records it. */
    public void tableFinished(String table, String status) {
        Counter.builder("tidemark.table.runs").description("table runs by outcome").tag("table", table).tag("status", status)
                .register(registry).increment();
    }

    /**
     * An incremental table's cursor stands at {@code value} (PostgreSQL's text of the cursor value of the last row
     * written, of type {@code type}): {@code tidemark.table.lag.seconds} is the time from it to now, at each scrape.
     * Cursors that are not timestamps or dates (a sequence number) have no lag in time.
     */
    public void cursorAt(String table, String type, String value) {
        if (value == null || type == null) {
            return;
        }
        Instant position;
        try {
            // the declared type as format_type prints it: "timestamp(3) with time zone", "timestamp without time zone", "date"
            if (type.startsWith("timestamp") && type.endsWith("with time zone")) {
                position = OffsetDateTime.parse(value, POSTGRES_TIMESTAMP).toInstant();
            } else if (type.startsWith("timestamp")) {
                position = LocalDateTime.parse(value, POSTGRES_TIMESTAMP).atZone(timestampZone).toInstant();
            } else if (type.equals("date")) {
                position = LocalDate.parse(value).atStartOfDay(timestampZone).toInstant();
            } else {
                position = null;
            }
        } catch (DateTimeParseException infinityOrEra) {
            position = null;
        }
        if (position != null) {
            cursorAt(table, position);
        }
    }

    private void cursorAt(String table, Instant position) {
        cursorPositions.computeIfAbsent(table, name -> {
            AtomicReference<Instant> at = new AtomicReference<>();
            Gauge.builder("tidemark.table.lag.seconds", at, ref -> ref.get() == null ? Double.NaN
                            : Duration.between(ref.get(), clock.instant()).toMillis() / 1000.0)
                    .description("now minus the cursor value of the last row written").tag("table", name).register(registry);
            return at;
        }).set(position);
    }

    /** A sync cycle ended. */
    public void cycleFinished(LastCycle cycle, Duration duration) {
        Timer.builder("tidemark.cycle.duration").description("sync cycles").register(registry).record(duration);
        Counter.builder("tidemark.cycle.failed.tables").description("tables that failed, over all cycles").register(registry)
                .increment(cycle.failedTables());
        if (lastCycle.getAndSet(cycle) == null) {
            Gauge.builder("tidemark.cycle.last.failed.tables", lastCycle, ref -> ref.get().failedTables())
                    .description("tables that failed in the last cycle").register(registry);
            Gauge.builder("tidemark.cycle.last.finished.seconds", lastCycle, ref -> ref.get().finishedAt().toEpochMilli() / 1000.0)
                    .description("when the last cycle finished (epoch seconds)").register(registry);
        }
    }

    /** The last cycle's outcome; null before the first cycle ended. */
    public LastCycle lastCycle() {
        return lastCycle.get();
    }

    /** A freshness check decided, for one connection or group ({@code decision}: sync, fresh, skipped...). */
    public void freshnessDecision(String decision) {
        Counter.builder("tidemark.freshness.decisions").description("freshness decisions").tag("decision", decision)
                .register(registry).increment();
    }

    /** A Fivetran API call was answered with {@code status} (0 when no answer came). */
    public void fivetranCall(String call, int status) {
        Counter.builder("tidemark.fivetran.calls").description("Fivetran API calls by answer").tag("call", call)
                .tag("status", status == 0 ? "none" : Integer.toString(status)).register(registry).increment();
    }
}
