package io.tidemark.freshness;

import io.tidemark.config.ConfigException;
import io.tidemark.config.MaxAgeTables.MaxAge;
import io.tidemark.config.MaxAgeTables;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.ColumnReader;
import io.tidemark.extract.CursorDetector;
import io.tidemark.rows.RawJson;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The max-age rule (as dbt source freshness and Soda judge sources): each table that a
 * {@code tidemark.freshness.max-age} glob names is as old as its newest row, {@code max(column)}; older than its
 * {@code error-after} is an error, older than its {@code warn-after} a warning. One table in error means the data
 * downstream is stale, so its connections need a sync. Tables are judged in groups of the same connections.
 * <p>
 * The ages come from the database's own {@code now()}, one instant for every table (all queries run in one
 * read-only transaction), so that the JVM's clock and the writers' never disagree with it. A {@code timestamp}
 * (without time zone) holds wall-clock values of the writers' zone, {@code tidemark.sync.timestamp-time-zone} (when
 * empty, the session's, which pgjdbc sets to the JVM's), as {@link io.tidemark.extract.CursorBounds} reads them;
 * a {@code date} counts from the start of its day in that zone. A table with no rows, or with the column null in
 * every row, is in error: nothing shows it was ever loaded.
 */
public final class MaxAgeRule implements FreshnessRule {
    private static final Logger LOG = LoggerFactory.getLogger(MaxAgeRule.class);
    public static final List<String> COLUMNS = List.of("table_name", "column_name", "latest_value", "age_seconds",
            "warn_after_seconds", "error_after_seconds", "status");
    public static final String FRESH = "fresh";
    public static final String WARN = "warn";
    public static final String ERROR = "error";
    private static final Set<String> TIME_TYPES = Set.of("timestamptz", "timestamp", "date");
    /** Tables named in a decision's reason; the monitor rows hold them all. */
    private static final int LISTED = 5;

    private final DataSource source;
    private final TableDiscovery discovery;
    private final MaxAgeTables tables;
    private final CursorDetector cursors;
    private final String zone;
    private final Duration statementTimeout;
    private final List<String> connectionIds;

    /**
     * @param source        the read pool (read-only transactions, autoCommit off)
     * @param discovery     the source's tables, include and exclude globs applied
     * @param zone          {@code tidemark.sync.timestamp-time-zone}; empty for the session's (the JVM's)
     * @param connectionIds {@code tidemark.fivetran.connection-id}: the connections of entries that name none
     */
    public MaxAgeRule(DataSource source, TableDiscovery discovery, MaxAgeTables tables, CursorDetector cursors,
                      String zone, Duration statementTimeout, List<String> connectionIds) {
        this.source = source;
        this.discovery = discovery;
        this.tables = tables;
        this.cursors = cursors;
        this.zone = zone;
        this.statementTimeout = statementTimeout;
        this.connectionIds = List.copyOf(connectionIds);
    }

    /** A table to judge: its column and limits. */
    private record Target(SourceTable table, SourceColumn column, MaxAge limits) {
        List<String> connections(List<String> defaults) {
            return limits.connectionIds() == null ? defaults : limits.connectionIds();
        }
    }

    /** The tables to judge, or the first reason the configuration does not fit the source. */
    private record Targets(List<Target> targets, String problem) {
    }

    /** A judged table: its monitor row, and for warnings and errors what the reason and log line say. */
    private record Judged(Target target, Object[] row, String status, String detail) {
        String name() {
            return target.table().qualifiedName();
        }
    }

    /**
     * Checks the configuration against the source before anything runs: every glob applies to at least one
     * table, and each table's column exists and is a timestamp, timestamptz or date.
     */
    public void check() throws SQLException {
        Targets found = targets(discovery.discover());
        if (found.problem() != null) {
            throw new ConfigException(MaxAgeTables.KEY, found.problem());
        }
    }

    /**
     * Judges every table. A glob or column that no longer fits the source, or a query that fails (or runs past
     * the statement timeout), fails the whole check with the table named: a partial answer could miss the
     * one stale table.
     */
    @Override
    public Evaluation evaluate() throws SQLException {
        Targets found = targets(discovery.discover());
        if (found.problem() != null) {
            throw new SQLException(MaxAgeTables.KEY + ": " + found.problem());
        }
        List<Judged> judged = new ArrayList<>();
        try (Connection connection = source.getConnection()) {
            try {
                ReadTransactions.limitStatements(connection, statementTimeout);
                for (Target target : found.targets()) {
                    judged.add(judge(connection, target));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        }
        for (Judged table : judged) {
            if (table.status().equals(ERROR)) {
                LOG.warn("freshness max-age: {} is older than its error-after ({})", table.name(), table.detail());
            } else if (table.status().equals(WARN)) {
                LOG.warn("freshness max-age: {} is older than its warn-after ({})", table.name(), table.detail());
            }
        }
        return new Evaluation(COLUMNS, groups(judged));
    }

    private Targets targets(List<SourceTable> discovered) {
        List<SourceTable> sorted = discovered.stream().sorted(Comparator.comparing(SourceTable::qualifiedName)).toList();
        List<Target> targets = new ArrayList<>();
        Set<MaxAge> applied = new LinkedHashSet<>();
        for (SourceTable table : sorted) {
            Optional<MaxAge> limits = tables.forTable(table.qualifiedName());
            if (limits.isEmpty()) {
                continue;
            }
            applied.add(limits.get());
            Optional<SourceColumn> column = limits.get().column() == null ? cursors.detect(table)
                    : table.column(limits.get().column());
            String problem = unusable(table, limits.get(), column);
            if (problem != null) {
                return new Targets(List.of(), problem);
            }
            targets.add(new Target(table, column.get(), limits.get()));
        }
        for (MaxAge entry : tables.entries()) {
            if (!applied.contains(entry)) {
                Optional<SourceTable> covered = sorted.stream()
                        .filter(t -> entry.pattern().matcher(t.qualifiedName()).matches()).findFirst();
                return new Targets(List.of(), covered.isPresent()
                        ? "'" + entry.glob() + "' only matches tables an earlier glob already covers (" + covered.get()
                        + " by '" + tables.forTable(covered.get().qualifiedName()).orElseThrow().glob() + "')"
                        : "'" + entry.glob() + "' matches no table of the source (tidemark.source.schemas,"
                        + " include-tables and exclude-tables apply)");
            }
        }
        return new Targets(targets, null);
    }

    /** Why the column cannot date the table's newest row; null when it can. */
    private static String unusable(SourceTable table, MaxAge limits, Optional<SourceColumn> column) {
        if (limits.column() != null) {
            if (column.isEmpty()) {
                return table + " has no column '" + limits.column() + "'";
            }
            if (!isTime(column.get())) {
                return "column '" + limits.column() + "' of " + table + " is " + column.get().dataType()
                        + ", not a timestamp, timestamptz or date";
            }
            return null;
        }
        if (column.isEmpty()) {
            return table + " has no cursor column (tidemark.sync.cursor-columns, on a table with a primary key)"
                    + " to take its age from: set its \"column\"";
        }
        if (!isTime(column.get())) {
            return "the cursor of " + table + ", '" + column.get().name() + "', is " + column.get().dataType()
                    + ", which tells no age: set a timestamp, timestamptz or date \"column\"";
        }
        return null;
    }

    private static boolean isTime(SourceColumn column) {
        return !column.isArray() && TIME_TYPES.contains(column.baseType());
    }

    private Judged judge(Connection connection, Target target) throws SQLException {
        SourceTable table = target.table();
        String qualified = SqlIdentifiers.qualified(table.schema(), table.name());
        boolean zoned = !zone.isEmpty() && !target.column().baseType().equals("timestamptz");
        // the newest value as an instant: timestamptz is one; timestamp and date are wall clock in the zone
        String instant = switch (target.column().baseType()) {
            case "timestamptz" -> "latest";
            case "timestamp" -> zoned ? "latest AT TIME ZONE CAST(? AS text)" : "CAST(latest AS timestamptz)";
            default -> zoned ? "CAST(latest AS timestamp) AT TIME ZONE CAST(? AS text)"
                    : "CAST(CAST(latest AS timestamp) AS timestamptz)";
        };
        String sql = "SELECT latest, CASE WHEN isfinite(latest) THEN floor(EXTRACT(EPOCH FROM now() - " + instant
                + "))::bigint END AS age_seconds, EXISTS (SELECT FROM " + qualified + ") AS has_rows"
                + " FROM (SELECT max(" + SqlIdentifiers.quote(target.column().name()) + ") AS latest FROM " + qualified
                + ") AS newest";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (zoned) {
                statement.setString(1, zone);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                Object latest = ColumnReader.forColumn(target.column()).read(rs, 1);
                long age = rs.getLong(2);
                Long ageSeconds = rs.wasNull() ? null : age;
                return judged(target, latest == null ? null : latest.toString(), ageSeconds, rs.getBoolean(3));
            }
        } catch (SQLException e) {
            throw new SQLException("max-age check of " + table + " (column " + target.column().name() + ") failed: "
                    + ReadTransactions.firstLine(e), e.getSQLState(), e);
        }
    }

    private static Judged judged(Target target, String latest, Long ageSeconds, boolean hasRows) {
        MaxAge limits = target.limits();
        String status;
        String detail = null;
        if (latest == null) {
            status = ERROR;
            detail = hasRows ? "no " + target.column().name() + " values" : "no rows";
        } else if (ageSeconds == null) {
            // infinity: the newest row claims the far future; -infinity: it claims no time at all
            status = latest.startsWith("-") ? ERROR : FRESH;
            detail = latest;
        } else {
            Duration age = Duration.ofSeconds(ageSeconds);
            if (age.compareTo(limits.errorAfter()) > 0) {
                status = ERROR;
                detail = human(age) + " > " + human(limits.errorAfter());
            } else if (limits.warnAfter() != null && age.compareTo(limits.warnAfter()) > 0) {
                status = WARN;
                detail = human(age) + " > " + human(limits.warnAfter());
            } else {
                status = FRESH;
            }
        }
        Object[] row = {target.table().qualifiedName(), target.column().name(), latest, ageSeconds,
            limits.warnAfter() == null ? null : seconds(limits.warnAfter()), seconds(limits.errorAfter()), status};
        return new Judged(target, row, status, detail);
    }

    /** One group per list of connections (in any order), in the order the tables name them. */
    private List<FreshnessGroup> groups(List<Judged> judged) {
        Map<Set<String>, List<Judged>> byConnections = new LinkedHashMap<>();
        for (Judged table : judged) {
            byConnections.computeIfAbsent(new LinkedHashSet<>(table.target().connections(connectionIds)),
                    ids -> new ArrayList<>()).add(table);
        }
        List<FreshnessGroup> groups = new ArrayList<>();
        byConnections.forEach((ids, members) -> {
            List<Judged> errors = members.stream().filter(t -> t.status().equals(ERROR)).toList();
            List<Judged> warnings = members.stream().filter(t -> t.status().equals(WARN)).toList();
            String reason = errors.size() + " of " + members.size() + (members.size() == 1 ? " table" : " tables")
                    + " older than their error-after" + listed(errors);
            if (!warnings.isEmpty()) {
                reason += "; " + warnings.size() + " older than their warn-after" + listed(warnings);
            }
            groups.add(new FreshnessGroup(List.copyOf(ids), FreshnessDecision.maxAge(errors.size(), members.size(), reason),
                    members.stream().map(Judged::row).toList()));
        });
        return groups;
    }

    private static String listed(List<Judged> tables) {
        if (tables.isEmpty()) {
            return "";
        }
        StringJoiner names = new StringJoiner(", ", ": ", tables.size() > LISTED ? ", …" : "");
        tables.stream().limit(LISTED).forEach(t -> names.add(t.name() + " (" + t.detail() + ")"));
        return names.toString();
    }

    /** A duration as people read it: {@code 7h 12m 5s}, {@code 1d 2h}, {@code 0.5s}. */
    static String human(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringJoiner parts = new StringJoiner(" ");
        if (duration.toDays() > 0) {
            parts.add(duration.toDays() + "d");
        }
        if (duration.toHoursPart() > 0) {
            parts.add(duration.toHoursPart() + "h");
        }
        if (duration.toMinutesPart() > 0) {
            parts.add(duration.toMinutesPart() + "m");
        }
        if (duration.toSecondsPart() > 0 || duration.toNanosPart() > 0) {
            parts.add(BigDecimal.valueOf(duration.toSecondsPart()).add(BigDecimal.valueOf(duration.toNanosPart(), 9))
                    .stripTrailingZeros().toPlainString() + "s");
        }
        return parts.toString();
    }

    /** Whole seconds as a number; a limit with a fraction of a second keeps it. */
    private static Object seconds(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds();
        }
        return new RawJson(BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString());
    }
}
