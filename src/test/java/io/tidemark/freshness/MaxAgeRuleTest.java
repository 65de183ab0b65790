package io.tidemark.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.MaxAgeTables;
import io.tidemark.config.TableSelector;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.CursorDetector;
import io.tidemark.source.SourceDataSource;
import io.tidemark.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The max-age rule on a real PostgreSQL: each table's newest row, aged by the database's clock, against its
 * warn-after and error-after; the zones of timestamps without time zone and of dates; grouping by connections;
 * and the checks that refuse globs and columns that do not fit the source. Every age is set relative to the
 * database's {@code now()} when the tables are filled, far from any limit, so that the seconds the test itself
 * takes never change a status.
 */
class MaxAgeRuleTest {
    private static final String SECRET = "R3ader-Pa55";
    private static final String NEW_YORK = "America/New_York";
    private static TestDatabase database;
    private static HikariDataSource pool;
    private static HikariDataSource readerPool;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @BeforeAll
    static void createTables() {
        database = TestDatabase.create();
        database.execute("""
                CREATE SCHEMA shop;
                CREATE TABLE shop.fresh (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO shop.fresh VALUES (1, now() - interval '5 hours'), (2, now() - interval '30 minutes'), (3, NULL);
                CREATE TABLE shop.warm (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO shop.warm VALUES (1, now() - interval '3 hours'), (2, now() - interval '4 hours');
                CREATE TABLE shop.stale (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO shop.stale VALUES (1, now() - interval '10 hours'), (2, now() - interval '20 hours');
                CREATE TABLE shop.empty (id integer PRIMARY KEY, updated_at timestamptz);
                CREATE TABLE shop.nulls (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO shop.nulls VALUES (1, NULL);

                CREATE SCHEMA events;
                CREATE TABLE events.log (id integer PRIMARY KEY, modified timestamptz, "Loaded At" timestamptz);
                INSERT INTO events.log VALUES (1, now() - interval '10 hours', now() - interval '30 minutes');

                -- the same instant, two hours ago, as each kind of column holds it
                CREATE SCHEMA times;
                CREATE TABLE times.kinds (id integer PRIMARY KEY, zoned timestamptz, new_york timestamp, session timestamp,
                    day date);
                INSERT INTO times.kinds VALUES (1, now() - interval '2 hours',
                    (now() AT TIME ZONE 'America/New_York') - interval '2 hours', localtimestamp - interval '2 hours',
                    (now() AT TIME ZONE 'UTC')::date - 3);

                CREATE SCHEMA ints;
                CREATE TABLE ints.versions (id integer PRIMARY KEY, version bigint, updated_at timestamptz, tags timestamptz[]);
                INSERT INTO ints.versions VALUES (1, 7, now(), ARRAY[now()]);
                CREATE TABLE ints.nokey (updated_at timestamptz);
                INSERT INTO ints.nokey VALUES (now());

                CREATE SCHEMA odd;
                CREATE TABLE odd.future (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO odd.future VALUES (1, now() - interval '10 hours'), (2, 'infinity');
                CREATE TABLE odd.past (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO odd.past VALUES (1, '-infinity');
                CREATE TABLE odd.gone (id integer PRIMARY KEY, updated_at timestamptz);

                -- read as a non-superuser, row-level security applies: reading waits for advisory lock 4242, or fails
                CREATE FUNCTION public.wait_for_lock() RETURNS boolean LANGUAGE sql AS
                  'SELECT true FROM pg_advisory_xact_lock_shared(4242)';
                CREATE TABLE public.locked (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO public.locked VALUES (1, now());
                ALTER TABLE public.locked ENABLE ROW LEVEL SECURITY;
                CREATE POLICY wait ON public.locked USING (public.wait_for_lock());
                CREATE FUNCTION public.refuse() RETURNS boolean LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'reading refused by policy'; END $$;
                CREATE TABLE public.refused (id integer PRIMARY KEY, updated_at timestamptz);
                INSERT INTO public.refused VALUES (1, now());
                ALTER TABLE public.refused ENABLE ROW LEVEL SECURITY;
                CREATE POLICY refuse ON public.refused USING (public.refuse());
                -- statistics, so that discovery estimates from them instead of counting (which would wait too)
                ANALYZE;
                """);
        pool = database.readPool();
        String reader = database.createReader(SECRET);
        readerPool = SourceDataSource.open(new TidemarkConfig.Source(database.url(), reader, SECRET, TableSelector.all(), TestDatabase.DEFAULT_LIMITS), 2);
        LOGS.start();
        ((Logger) LoggerFactory.getLogger(MaxAgeRule.class)).addAppender(LOGS);
    }

    @AfterAll
    static void dropDatabase() {
        ((Logger) LoggerFactory.getLogger(MaxAgeRule.class)).detachAppender(LOGS);
        readerPool.close();
        pool.close();
        database.close();
    }

    private static MaxAgeRule rule(String json) {
        return rule(json, "", List.of("updated_at", "modified"), List.of("conn_a"));
    }

    private static MaxAgeRule rule(String json, String zone, List<String> cursorColumns, List<String> connections) {
        return new MaxAgeRule(pool, new TableDiscovery(pool, TableSelector.all(), 1_000_000, 50_000_000),
                MaxAgeTables.parse(json), new CursorDetector(cursorColumns), zone, Duration.ofSeconds(10), connections);
    }

    /** Checks the rule (it must accept what it evaluates), then evaluates it. */
    private static FreshnessRule.Evaluation evaluate(MaxAgeRule rule) throws SQLException {
        rule.check();
        return rule.evaluate();
    }

    /** Every monitor row by table name, each as a map of column to value. */
    private static Map<String, Map<String, Object>> rows(FreshnessRule.Evaluation evaluation) {
        assertThat(evaluation.columns()).isEqualTo(MaxAgeRule.COLUMNS);
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        for (FreshnessGroup group : evaluation.groups()) {
            for (Object[] row : group.rows()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    values.put(evaluation.columns().get(i), row[i]);
                }
                rows.put((String) row[0], values);
            }
        }
        return rows;
    }

    private static long age(Map<String, Object> row) {
        return (Long) row.get("age_seconds");
    }

    /** {@code max(column)} of a table as an instant, read directly. */
    private static Instant newest(String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT max(updated_at) FROM " + table)) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    @Test
    void eachTableIsFreshWarnOrErrorByItsNewestRowAndAnyErrorNeedsASync() throws SQLException {
        LOGS.list.clear();

        FreshnessRule.Evaluation evaluation = evaluate(rule("{\"shop.*\": {\"error-after\": \"PT6H\", \"warn-after\": \"PT1H\"}}"));

        Map<String, Map<String, Object>> rows = rows(evaluation);
        assertThat(rows.keySet()).as("by name").containsExactly("shop.empty", "shop.fresh", "shop.nulls", "shop.stale", "shop.warm");
        assertThat(rows.values()).extracting(r -> r.get("status")).containsExactly("error", "fresh", "error", "error", "warn");
        assertThat(rows.values()).allSatisfy(r -> {
            assertThat(r.get("column_name")).as("the detected cursor").isEqualTo("updated_at");
            assertThat(r.get("warn_after_seconds")).isEqualTo(3_600L);
            assertThat(r.get("error_after_seconds")).isEqualTo(21_600L);
        });
        assertThat(age(rows.get("shop.fresh"))).as("the newest row, not the oldest").isBetween(1_800L, 2_400L);
        assertThat(age(rows.get("shop.warm"))).isBetween(10_800L, 11_400L);
        assertThat(age(rows.get("shop.stale"))).isBetween(36_000L, 36_600L);
        assertThat(rows.get("shop.stale").get("latest_value")).as("ISO-8601, in UTC")
                .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(newest("shop.stale").atOffset(ZoneOffset.UTC)));
        assertThat(rows.get("shop.empty")).containsEntry("latest_value", null).containsEntry("age_seconds", null);
        assertThat(rows.get("shop.nulls")).containsEntry("latest_value", null).containsEntry("age_seconds", null);

        assertThat(evaluation.groups()).hasSize(1);
        FreshnessGroup group = evaluation.groups().get(0);
        assertThat(group.connectionIds()).containsExactly("conn_a");
        FreshnessDecision decision = group.decision();
        assertThat(decision.staleRows()).isEqualTo(3);
        assertThat(decision.totalRows()).isEqualTo(5);
        assertThat(decision.stalePercentage()).isEqualTo(60.0);
        assertThat(decision.syncNeeded()).isTrue();
        assertThat(decision.reason()).matches("3 of 5 tables older than their error-after: shop\\.empty \\(no rows\\),"
                + " shop\\.nulls \\(no updated_at values\\), shop\\.stale \\(10h\\d+m\\d+s > 6h0m0s\\);"
                + " 1 older than their warn-after: shop\\.warm \\(3h\\d+m\\d+s > 1h0m0s\\)");

        assertThat(LOGS.list).as("one warning per table in warn or error").hasSize(4)
                .allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                        .matches("freshness max-age: shop\\.warm is older than its warn-after \\(3h\\d+m\\d+s > 1h0m0s\\)"))
                .anySatisfy(line -> assertThat(line).isEqualTo("freshness max-age: shop.empty is older than its error-after (no rows)"));
    }

    @Test
    void noTableInErrorNeedsNoSyncAndWithoutWarnAfterNothingWarns() throws SQLException {
        FreshnessRule.Evaluation evaluation = evaluate(rule("{\"shop.warm\": {\"error-after\": \"PT6H\"}, \"shop.fresh\": {\"error-after\": \"PT6H\"}}"));

        assertThat(rows(evaluation).values()).extracting(r -> r.get("status")).containsExactly("fresh", "fresh");
        assertThat(rows(evaluation).get("shop.warm")).containsEntry("warn_after_seconds", null);
        FreshnessDecision decision = evaluation.groups().get(0).decision();
        assertThat(decision.syncNeeded()).isFalse();
        assertThat(decision.stalePercentage()).isZero();
        assertThat(decision.reason()).isEqualTo("0 of 2 tables older than their error-after");
    }

    @Test
    void tablesAreGroupedByTheirConnectionsInAnyOrder() throws SQLException {
        FreshnessRule.Evaluation evaluation = evaluate(rule("""
                {"shop.fresh": {"error-after": "PT6H", "connection-id": "conn_b"},
                 "shop.stale": {"error-after": "PT6H", "connection-id": "conn_b"},
                 "shop.empty": {"error-after": "PT6H", "connection-id": "conn_a"},
                 "shop.warm": {"error-after": "PT6H"},
                 "events.log": {"error-after": "PT12H", "connection-id": "conn_c,conn_d"},
                 "odd.future": {"error-after": "PT12H", "connection-id": "conn_d, conn_c"}}
                """));

        assertThat(evaluation.groups()).extracting(FreshnessGroup::connectionIds).containsExactly(
                List.of("conn_c", "conn_d"), List.of("conn_a"), List.of("conn_b"));
        assertThat(evaluation.groups()).extracting(g -> g.rows().stream().map(r -> r[0]).toList()).containsExactly(
                List.of("events.log", "odd.future"), List.of("shop.empty", "shop.warm"), List.of("shop.fresh", "shop.stale"));
        assertThat(evaluation.groups()).extracting(g -> g.decision().syncNeeded()).containsExactly(false, true, true);
        assertThat(evaluation.groups().get(1).decision().reason())
                .as("shop.warm falls back to the configured connection, conn_a")
                .isEqualTo("1 of 2 tables older than their error-after: shop.empty (no rows)");
        assertThat(evaluation.groups().get(1).decision().stalePercentage()).isEqualTo(50.0);
    }

    @Test
    void withoutConfiguredConnectionsTheDecisionStillComes() throws SQLException {
        FreshnessRule.Evaluation evaluation = evaluate(rule("{\"shop.stale\": {\"error-after\": \"PT6H\"}}", "",
                List.of("updated_at"), List.of()));

        assertThat(evaluation.groups()).singleElement().satisfies(group -> {
            assertThat(group.connectionIds()).isEmpty();
            assertThat(group.decision().syncNeeded()).isTrue();
            assertThat(group.decision().reason()).startsWith("1 of 1 table older than their error-after: shop.stale (10h");
        });
    }

    @Test
    void anExplicitColumnReplacesTheDetectedCursor() throws SQLException {
        Map<String, Object> detected = rows(evaluate(rule("{\"events.log\": {\"error-after\": \"PT6H\"}}"))).get("events.log");
        Map<String, Object> explicit = rows(evaluate(rule("{\"events.log\": {\"error-after\": \"PT6H\", \"column\": \"Loaded At\"}}")))
                .get("events.log");

        assertThat(detected).containsEntry("column_name", "modified").containsEntry("status", "error");
        assertThat(explicit).as("a quoted, mixed-case name").containsEntry("column_name", "Loaded At").containsEntry("status", "fresh");
        assertThat(age(explicit)).isBetween(1_800L, 2_400L);
    }

    @Test
    void timestampsWithoutTimeZoneAreWallClockInTheConfiguredZone() throws SQLException {
        long newYorkOffset = ZoneId.of(NEW_YORK).getRules().getOffset(Instant.now()).getTotalSeconds();
        String json = "{\"times.kinds\": {\"error-after\": \"PT3H\", \"column\": \"%s\"}}";

        Map<String, Object> inNewYork = rows(evaluate(rule(json.formatted("new_york"), NEW_YORK, List.of(), List.of()))).get("times.kinds");
        Map<String, Object> inUtc = rows(evaluate(rule(json.formatted("new_york"), "UTC", List.of(), List.of()))).get("times.kinds");
        Map<String, Object> zoned = rows(evaluate(rule(json.formatted("zoned"), NEW_YORK, List.of(), List.of()))).get("times.kinds");
        Map<String, Object> session = rows(evaluate(rule(json.formatted("session"), "", List.of(), List.of()))).get("times.kinds");

        assertThat(inNewYork).containsEntry("status", "fresh");
        assertThat(age(inNewYork)).isBetween(7_200L, 7_800L);
        assertThat(inNewYork.get("latest_value").toString()).as("as the column holds it").matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+");
        assertThat(inUtc).as("New York wall clock read as UTC is hours older").containsEntry("status", "error");
        assertThat(age(inUtc)).isBetween(7_200L - newYorkOffset, 7_800L - newYorkOffset);
        assertThat(zoned).as("timestamptz is an instant, whatever the zone").containsEntry("status", "fresh");
        assertThat(age(zoned)).isBetween(7_200L, 7_800L);
        assertThat(session).as("empty zone: the session's, the JVM's").containsEntry("status", "fresh");
        assertThat(age(session)).isBetween(7_200L, 7_800L);
    }

    @Test
    void aDateCountsFromTheStartOfItsDayInTheZone() throws SQLException {
        String json = "{\"times.kinds\": {\"error-after\": \"%s\", \"column\": \"day\"}}";

        Map<String, Object> lenient = rows(evaluate(rule(json.formatted("P5D"), "UTC", List.of(), List.of()))).get("times.kinds");
        Map<String, Object> strict = rows(evaluate(rule(json.formatted("P2D"), "UTC", List.of(), List.of()))).get("times.kinds");

        LocalDate day = LocalDate.parse((String) lenient.get("latest_value"));
        long expected = Duration.between(day.atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now()).toSeconds();
        assertThat(age(lenient)).isBetween(expected - 600, expected);
        assertThat(age(lenient)).isBetween(3 * 86_400L, 4 * 86_400L);
        assertThat(lenient).containsEntry("status", "fresh");
        assertThat(strict).containsEntry("status", "error");
    }

    @Test
    void infinityIsFreshAndMinusInfinityIsAnError() throws SQLException {
        Map<String, Map<String, Object>> rows = rows(evaluate(rule("{\"odd.*\": {\"error-after\": \"PT1H\"}}")));

        assertThat(rows.get("odd.future")).containsEntry("latest_value", "infinity").containsEntry("age_seconds", null)
                .containsEntry("status", "fresh");
        assertThat(rows.get("odd.past")).containsEntry("latest_value", "-infinity").containsEntry("status", "error");
    }

    @Test
    void theCheckRefusesWhatDoesNotFitTheSource() {
        assertThat(refused(rule("{\"shop.nope*\": {\"error-after\": \"PT6H\"}}"))).isEqualTo(
                "'shop.nope*' matches no table of the source (tidemark.source.schemas, include-tables and exclude-tables apply)");
        assertThat(refused(rule("{\"shop.*\": {\"error-after\": \"PT6H\"}, \"shop.fresh\": {\"error-after\": \"PT1H\"}}")))
                .isEqualTo("'shop.fresh' only matches tables an earlier glob already covers (shop.fresh by 'shop.*')");
        assertThat(refused(rule("{\"shop.fresh\": {\"error-after\": \"PT6H\", \"column\": \"changed\"}}")))
                .isEqualTo("shop.fresh has no column 'changed'");
        assertThat(refused(rule("{\"shop.fresh\": {\"error-after\": \"PT6H\", \"column\": \"id\"}}")))
                .isEqualTo("column 'id' of shop.fresh is integer, not a timestamp, timestamptz or date");
        assertThat(refused(rule("{\"ints.versions\": {\"error-after\": \"PT6H\", \"column\": \"tags\"}}")))
                .isEqualTo("column 'tags' of ints.versions is timestamp with time zone[], not a timestamp, timestamptz or date");
        assertThat(refused(rule("{\"ints.versions\": {\"error-after\": \"PT6H\"}}", "", List.of("version", "updated_at"), List.of())))
                .isEqualTo("the cursor of ints.versions, 'version', is bigint, which tells no age: set a timestamp, timestamptz or date \"column\"");
        assertThat(refused(rule("{\"ints.nokey\": {\"error-after\": \"PT6H\"}}")))
                .isEqualTo("ints.nokey has no cursor column (tidemark.sync.cursor-columns, on a table with a primary key)"
                        + " to take its age from: set its \"column\"");
    }

    @Test
    void tablesThatDiscoveryLeavesOutAreNotThere() {
        TableSelector withoutFresh = TableSelector.of(List.of(), "include", List.of(), "exclude", List.of("shop.fresh"));
        MaxAgeRule rule = new MaxAgeRule(pool, new TableDiscovery(pool, withoutFresh, 1_000_000, 50_000_000),
                MaxAgeTables.parse("{\"shop.fresh\": {\"error-after\": \"PT6H\"}}"), new CursorDetector(List.of("updated_at")),
                "", Duration.ofSeconds(10), List.of());

        assertThat(refused(rule)).startsWith("'shop.fresh' matches no table of the source");
    }

    @Test
    void aTableDroppedAfterTheCheckFailsTheEvaluationNamingIt() throws SQLException {
        MaxAgeRule rule = rule("{\"odd.gone\": {\"error-after\": \"PT6H\"}}");
        rule.check();
        database.execute("DROP TABLE odd.gone");

        Throwable thrown = catchThrowable(rule::evaluate);

        assertThat(thrown).isInstanceOf(SQLException.class).hasMessage("tidemark.freshness.max-age: 'odd.gone' matches no table"
                + " of the source (tidemark.source.schemas, include-tables and exclude-tables apply)");
    }

    @Test
    void aFailingQueryFailsTheEvaluationNamingTheTable() {
        Throwable thrown = catchThrowable(readerRule("public.refused", Duration.ofSeconds(10))::evaluate);

        assertThat(thrown).isInstanceOf(SQLException.class).hasMessage("max-age check of public.refused (column updated_at)"
                + " failed: ERROR: reading refused by policy");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aQueryRunningPastTheStatementTimeoutFailsTheEvaluationNamingTheTable() throws SQLException {
        MaxAgeRule rule = readerRule("public.locked", Duration.ofMillis(300));
        rule.check();
        Throwable thrown;
        try (Connection holder = database.connect(); Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(4242)");
            thrown = catchThrowable(rule::evaluate);
        }

        assertThat(thrown).isInstanceOf(SQLException.class).hasMessage("max-age check of public.locked (column updated_at)"
                + " failed: ERROR: canceling statement due to statement timeout");
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
        assertThat(rows(readerRule("public.locked", Duration.ofMillis(300)).evaluate()).get("public.locked"))
                .as("once the lock is gone it answers").containsEntry("status", "fresh");
    }

    /** A rule reading as a non-superuser, for whom row-level security applies. */
    private static MaxAgeRule readerRule(String table, Duration timeout) {
        return new MaxAgeRule(readerPool, new TableDiscovery(readerPool, TableSelector.all(), 1_000_000, 50_000_000),
                MaxAgeTables.parse("{\"" + table + "\": {\"error-after\": \"PT6H\"}}"), new CursorDetector(List.of("updated_at")),
                "", timeout, List.of());
    }

    private static String refused(MaxAgeRule rule) {
        Throwable thrown = catchThrowable(rule::check);
        assertThat(thrown).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) thrown).property()).isEqualTo("tidemark.freshness.max-age");
        return thrown.getMessage().substring("tidemark.freshness.max-age: ".length());
    }
}
