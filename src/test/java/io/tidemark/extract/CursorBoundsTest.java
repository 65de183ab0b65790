package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cursor bounds from the database's clock. The bounds come back as PostgreSQL's text; each is checked by casting
 * it back in SQL, in a new transaction of another connection, against that transaction's own clock.
 */
class CursorBoundsTest {
    private static TestDatabase db;
    private static HikariDataSource dataSource;

    private static final SourceColumn ID = new SourceColumn("id", 1, "integer", "int4", "N", true, null, null);
    private static final SourceColumn TS = new SourceColumn("ts", 2, "timestamp with time zone", "timestamptz", "D", false, null, null);
    private static final SourceColumn LTS = new SourceColumn("lts", 3, "timestamp without time zone", "timestamp", "D", false, null, null);
    private static final SourceColumn DAY = new SourceColumn("day", 4, "date", "date", "D", false, null, null);
    private static final SourceColumn N2 = new SourceColumn("n2", 5, "smallint", "int2", "N", false, null, null);
    private static final SourceColumn N4 = new SourceColumn("n4", 6, "integer", "int4", "N", false, null, null);
    private static final SourceColumn N8 = new SourceColumn("n8", 7, "bigint", "int8", "N", false, null, null);

    private static SourceTable table(String name) {
        return new SourceTable(1L, "public", name, false, 0, "count", 0, null, List.of(ID, TS, LTS, DAY, N2, N4, N8),
                List.of("id"), SizeCategory.SMALL);
    }

    /** Rows with a largest n2 of 42, n4 of 42 and n8 beyond a double's exact integers; nulls do not count. */
    private static final SourceTable CURSORS = table("cursors");
    private static final SourceTable EMPTY = table("empty");
    private static final SourceTable ONLY_NULLS = table("only_nulls");

    @BeforeAll
    static void createTables() {
        db = TestDatabase.create();
        String columns = "(id integer PRIMARY KEY, ts timestamptz, lts timestamp, day date, n2 smallint, n4 integer, n8 bigint)";
        db.execute("CREATE TABLE public.cursors " + columns + ";"
                + "CREATE TABLE public.empty " + columns + ";"
                + "CREATE TABLE public.only_nulls " + columns + ";"
                + "INSERT INTO public.cursors (id, n2, n4, n8) VALUES (1, 7, 7, -5), (2, 42, 42, 9007199254740993),"
                + " (3, -3, -3, 12), (4, NULL, NULL, NULL);"
                + "INSERT INTO public.only_nulls (id) VALUES (1), (2);");
        dataSource = db.readPool();
    }

    @AfterAll
    static void dropTables() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** Evaluates a boolean SQL expression with one text parameter, in a new transaction. */
    private static boolean check(String sql, String value) throws SQLException {
        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private static final String TIMESTAMPTZ_5S = "SELECT CAST(? AS timestamptz) BETWEEN now() - interval '6 seconds'"
            + " AND now() - interval '4 seconds'";
    private static final String TIMESTAMP_5S = "SELECT CAST(? AS timestamp) BETWEEN localtimestamp - interval '6 seconds'"
            + " AND localtimestamp - interval '4 seconds'";

    @Test
    void timestamptzUpperBoundIsTheDatabasesNowMinusTheLag() throws SQLException {
        String upper = new CursorBounds(dataSource, Duration.ofSeconds(5)).upperBound(TS);

        assertThat(upper).isNotNull();
        assertThat(check(TIMESTAMPTZ_5S, upper)).as("%s is about now() - 5 s", upper).isTrue();
    }

    @Test
    void timestampUpperBoundIsTheDatabasesLocalTimestampMinusTheLag() throws SQLException {
        String upper = new CursorBounds(dataSource, Duration.ofSeconds(5)).upperBound(LTS);

        assertThat(upper).isNotNull().doesNotContain("+").matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");
        assertThat(check(TIMESTAMP_5S, upper)).as("%s is about localtimestamp - 5 s", upper).isTrue();
    }

    @Test
    void aLagOfHoursAndMinutesIsSubtractedWhole() throws SQLException {
        String upper = new CursorBounds(dataSource, Duration.ofMinutes(90)).upperBound(TS);

        assertThat(check("SELECT CAST(? AS timestamptz) BETWEEN now() - interval '91 minutes'"
                + " AND now() - interval '89 minutes'", upper)).as(upper).isTrue();
    }

    @Test
    void aZeroLagIsNow() throws SQLException {
        String upper = new CursorBounds(dataSource, Duration.ZERO).upperBound(TS);

        assertThat(check("SELECT CAST(? AS timestamptz) BETWEEN now() - interval '1 second' AND now()", upper))
                .as(upper).isTrue();
    }

    @Test
    void dateUpperBoundIsYesterday() throws SQLException {
        String upper = new CursorBounds(dataSource, Duration.ofSeconds(5)).upperBound(DAY);

        assertThat(upper).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(check("SELECT CAST(? AS date) = current_date - 1", upper)).as(upper).isTrue();
    }

    @Test
    void integerCursorsHaveNoUpperBound() throws SQLException {
        CursorBounds bounds = new CursorBounds(dataSource, Duration.ofSeconds(5));

        assertThat(bounds.upperBound(N2)).isNull();
        assertThat(bounds.upperBound(N4)).isNull();
        assertThat(bounds.upperBound(N8)).isNull();
    }

    @Test
    void integerSwitchPointIsTheLargestValueAsText() throws SQLException {
        CursorBounds bounds = new CursorBounds(dataSource, Duration.ofSeconds(5));

        assertThat(bounds.snapshotSwitchPoint(CURSORS, N4)).isEqualTo("42");
        assertThat(bounds.snapshotSwitchPoint(CURSORS, N2)).isEqualTo("42");
        assertThat(bounds.snapshotSwitchPoint(CURSORS, N8)).isEqualTo("9007199254740993");
    }

    @Test
    void integerSwitchPointOfATableWithoutValuesIsNull() throws SQLException {
        CursorBounds bounds = new CursorBounds(dataSource, Duration.ofSeconds(5));

        assertThat(bounds.snapshotSwitchPoint(EMPTY, N4)).isNull();
        assertThat(bounds.snapshotSwitchPoint(ONLY_NULLS, N8)).isNull();
    }

    @Test
    void timestampSwitchPointsAreUpperBounds() throws SQLException {
        CursorBounds bounds = new CursorBounds(dataSource, Duration.ofSeconds(5));

        String tz = bounds.snapshotSwitchPoint(CURSORS, TS);
        String local = bounds.snapshotSwitchPoint(CURSORS, LTS);
        String day = bounds.snapshotSwitchPoint(CURSORS, DAY);

        // the table's values play no part: the empty table gets the same kind of bound
        assertThat(check(TIMESTAMPTZ_5S, tz)).as(tz).isTrue();
        assertThat(check(TIMESTAMPTZ_5S, bounds.snapshotSwitchPoint(EMPTY, TS))).isTrue();
        assertThat(check(TIMESTAMP_5S, local)).as(local).isTrue();
        assertThat(check("SELECT CAST(? AS date) = current_date - 1", day)).as(day).isTrue();
    }

    /**
     * A timestamp without time zone holds the writers' local time. The bound is {@code localtimestamp} of
     * Tidemark's session, whose time zone pgjdbc takes from the JVM's default: two Tidemarks in different zones
     * get bounds 25 hours apart for the same database at the same instant, and one ahead of the writers switches
     * to incremental reads (and bounds them) in the writers' future, skipping rows changed until then.
     */
    @Test
    void aTimestampBoundInTheConfiguredZoneDoesNotDependOnTheJvmsTimeZone() throws SQLException {
        String east = timestampBoundWithJvmTimeZone("Pacific/Kiritimati"); // UTC+14
        String west = timestampBoundWithJvmTimeZone("Pacific/Pago_Pago"); // UTC-11

        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT abs(extract(epoch FROM CAST(? AS timestamp) - CAST(? AS timestamp)))")) {
            statement.setString(1, east);
            statement.setString(2, west);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                assertThat(rs.getDouble(1)).as("%s vs %s", east, west).isLessThan(5.0);
            }
        }
    }

    private static String timestampBoundWithJvmTimeZone(String zone) throws SQLException {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(zone));
        try (HikariDataSource zoned = db.readPool()) { // connects now, in the zone just set
            return new CursorBounds(zoned, Duration.ofSeconds(5), "UTC").upperBound(LTS);
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}
