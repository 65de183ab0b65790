package io.tidemark.destination;

import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.source.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination's tables: what a source table becomes ({@link #fromSource}), and bringing the destination to
 * it ({@link #ensure}): created on first sight (schema included), altered by the {@link SchemaDrift} rules
 * afterwards. Each table's comment names the source table it holds, so that two source tables of the same name
 * in different schemas never silently share one destination table. Every identifier is quoted.
 */
final class DestinationTables {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationTables.class);
    static final String TIMESTAMPTZ = "timestamp with time zone";
    private static final String ORIGIN_PREFIX = "Tidemark: ";

    private static final String COLUMNS_SQL = """
            SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS data_type, a.attnotnull,
                   obj_description(c.oid, 'pg_class') AS origin, pg_get_expr(d.adbin, d.adrelid) AS column_default
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')
            ORDER BY a.attnum
            """;
    private static final String KEY_SQL = """
            SELECT a.attname
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_index i ON i.indrelid = c.oid AND i.indisprimary
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
            WHERE n.nspname = ? AND c.relname = ?
            ORDER BY k.position
            """;
    /**
     * DDL waits at most this long for a table lock (e.g. a long query on the destination table); then it fails with
     * SQLSTATE 55P03, which the route's retry policy counts as transient.
     */
    private static final String LOCK_TIMEOUT = "30s";
    /** COMMENT takes no parameters: PostgreSQL's format() quotes the names and the text itself. */
    /**
     * The defaults of Tidemark's columns, which rows copied straight into the table get: the destination
     * transaction's start for {@link DestinationTable#SYNCED_AT} (a constant per transaction, where a value per row
     * would be parsed per row, a sixth of the destination's COPY work), and not deleted.
     */
    private static final Map<String, String> OWN_DEFAULTS = Map.of(DestinationTable.SYNCED_AT, "now()",
            DestinationTable.DELETED, "false");
    private static final String COMMENT_SQL = "SELECT format('COMMENT ON TABLE %I.%I IS %L', ?, ?, ?)";

    private final String schema;
    private final TypeMapping types = new TypeMapping();
    /** Columns gone from the source that were already reported: each is logged once. */
    private final Set<String> reportedLeftBehind = ConcurrentHashMap.newKeySet();

    DestinationTables(String schema) {
        this.schema = schema;
    }

    /**
     * The destination table of a source table: the same name, each column of a mapped type ({@link TypeMapping}),
     * the source's primary key or else the row hash, and Tidemark's columns.
     */
    DestinationTable fromSource(Connection connection, SourceTable table) throws SQLException {
        List<DestinationTable.Column> columns = new ArrayList<>();
        for (SourceColumn column : table.columns()) {
            columns.add(new DestinationTable.Column(column.name(), types.destinationType(connection, column)));
        }
        List<String> key = table.hasPrimaryKey() ? table.primaryKey() : List.of(DestinationTable.ROW_HASH);
        return withOwnColumns(table.name(), columns, key);
    }

    /** A table of the given columns and key, plus Tidemark's columns (the row hash when it is the key). */
    DestinationTable withOwnColumns(String name, List<DestinationTable.Column> columns, List<String> key) {
        List<DestinationTable.Column> all = new ArrayList<>(columns);
        if (key.equals(List.of(DestinationTable.ROW_HASH))) {
            all.add(new DestinationTable.Column(DestinationTable.ROW_HASH, "text"));
        }
        all.add(new DestinationTable.Column(DestinationTable.SYNCED_AT, TIMESTAMPTZ));
        all.add(new DestinationTable.Column(DestinationTable.DELETED, "boolean"));
        return new DestinationTable(schema, name, List.copyOf(all), List.copyOf(key));
    }

    /**
     * Creates the table, or brings the existing one to {@code desired}, and commits; one Tidemark at a time per
     * destination schema (a transaction-level advisory lock on its name). Returns the table as the destination now
     * has it (a destination column wider than the source's keeps its type).
     *
     * @param origin       what the table holds, e.g. {@code source table public.orders}
     * @param compareTypes whether types are compared at all (false for types inferred from values)
     */
    DestinationTable ensure(Connection connection, DestinationTable desired, String origin, boolean compareTypes)
            throws SQLException, DestinationTableMismatch {
        try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
            timeout.setString(1, LOCK_TIMEOUT);
            timeout.execute();
        }
        // Tidemark nodes writing to this destination change its tables one at a time (rare: a first batch, a drift):
        // two concurrent CREATE SCHEMA or CREATE TABLE of one name fail in PostgreSQL, and an ALTER must see the
        // other node's change
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "tidemark destination schema " + schema);
            lock.execute();
        }
        Optional<Existing> existing = read(connection, desired);
        DestinationTable actual = existing.isEmpty() ? create(connection, desired, origin)
                : alter(connection, desired, existing.get(), origin, compareTypes);
        connection.commit();
        return actual;
    }

    private DestinationTable create(Connection connection, DestinationTable table, String origin) throws SQLException {
        String columns = table.columns().stream().map(column -> definition(column, table.key().contains(column.name())))
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.quote(schema));
            statement.execute("CREATE TABLE " + qualified(table) + " (" + columns + ", PRIMARY KEY (" + quoted(table.key()) + "))");
        }
        comment(connection, table, origin);
        LOG.info("Created destination table {} ({} columns, key {})", table.displayName(), table.columns().size(), table.key());
        return table;
    }

    private DestinationTable alter(Connection connection, DestinationTable desired, Existing existing, String origin,
                                   boolean compareTypes) throws SQLException, DestinationTableMismatch {
        if (existing.origin != null && existing.origin.startsWith(ORIGIN_PREFIX) && !existing.origin.equals(ORIGIN_PREFIX + origin)) {
            throw new DestinationTableMismatch("destination table " + desired.displayName() + " already holds "
                    + existing.origin.substring(ORIGIN_PREFIX.length()) + ", not " + origin
                    + ": exclude one of them or sync them to separate tidemark.sink.schema values");
        }
        SchemaDrift drift = SchemaDrift.between(desired, existing.columns, existing.key, compareTypes);
        if (drift.unsafe() != null) {
            throw new DestinationTableMismatch(origin + " cannot be written to " + desired.displayName() + ": " + drift.unsafe());
        }
        try (Statement statement = connection.createStatement()) {
            for (DestinationTable.Column column : drift.added()) {
                statement.execute("ALTER TABLE " + qualified(desired) + " ADD COLUMN " + definition(column, false));
                LOG.info("{}: added column \"{}\" {}", desired.displayName(), column.name(), column.type());
            }
            for (DestinationTable.Column column : drift.widened()) {
                statement.execute("ALTER TABLE " + qualified(desired) + " ALTER COLUMN " + SqlIdentifiers.quote(column.name())
                        + " TYPE " + column.type());
                LOG.info("{}: widened column \"{}\" to {}", desired.displayName(), column.name(), column.type());
            }
            for (Map.Entry<String, String> own : OWN_DEFAULTS.entrySet()) {
                if (existing.defaults.containsKey(own.getKey()) && !own.getValue().equals(existing.defaults.get(own.getKey()))) {
                    statement.execute("ALTER TABLE " + qualified(desired) + " ALTER COLUMN " + SqlIdentifiers.quote(own.getKey())
                            + " SET DEFAULT " + own.getValue());
                }
            }
            for (String column : drift.leftBehind()) {
                if (existing.notNull.contains(column)) {
                    statement.execute("ALTER TABLE " + qualified(desired) + " ALTER COLUMN " + SqlIdentifiers.quote(column)
                            + " DROP NOT NULL");
                }
                if (reportedLeftBehind.add(desired.displayName() + "\0" + column)) {
                    LOG.warn("{}: column \"{}\" is gone from {}; it stays in the destination, NULL in new rows",
                            desired.displayName(), column, origin);
                }
            }
        }
        if (existing.origin == null || !existing.origin.startsWith(ORIGIN_PREFIX)) {
            comment(connection, desired, origin); // a table Tidemark adopts
        }
        Map<String, String> typeNow = new LinkedHashMap<>();
        existing.columns.forEach(column -> typeNow.put(column.name(), column.type()));
        drift.added().forEach(column -> typeNow.put(column.name(), column.type()));
        drift.widened().forEach(column -> typeNow.put(column.name(), column.type()));
        List<DestinationTable.Column> columns = typeNow.entrySet().stream()
                .map(entry -> new DestinationTable.Column(entry.getKey(), entry.getValue())).toList();
        return new DestinationTable(desired.schema(), desired.name(), columns, desired.key());
    }

    private static String definition(DestinationTable.Column column, boolean inKey) {
        String definition = SqlIdentifiers.quote(column.name()) + " " + column.type();
        if (column.name().equals(DestinationTable.DELETED)) {
            return definition + " NOT NULL DEFAULT " + OWN_DEFAULTS.get(DestinationTable.DELETED);
        }
        if (column.name().equals(DestinationTable.SYNCED_AT)) {
            return definition + " DEFAULT " + OWN_DEFAULTS.get(DestinationTable.SYNCED_AT);
        }
        return inKey ? definition + " NOT NULL" : definition;
    }

    private void comment(Connection connection, DestinationTable table, String origin) throws SQLException {
        String sql;
        try (PreparedStatement format = connection.prepareStatement(COMMENT_SQL)) {
            format.setString(1, table.schema());
            format.setString(2, table.name());
            format.setString(3, ORIGIN_PREFIX + origin);
            try (ResultSet rs = format.executeQuery()) {
                rs.next();
                sql = rs.getString(1);
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Optional<Existing> read(Connection connection, DestinationTable table) throws SQLException {
        List<DestinationTable.Column> columns = new ArrayList<>();
        Set<String> notNull = new HashSet<>();
        Map<String, String> defaults = new HashMap<>();
        String origin = null;
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new DestinationTable.Column(rs.getString(1), rs.getString(2)));
                    if (rs.getBoolean(3)) {
                        notNull.add(rs.getString(1));
                    }
                    origin = rs.getString(4);
                    defaults.put(rs.getString(1), rs.getString(5));
                }
            }
        }
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(KEY_SQL)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return Optional.of(new Existing(columns, List.copyOf(key), notNull, defaults, origin));
    }

    static String qualified(DestinationTable table) {
        return SqlIdentifiers.qualified(table.schema(), table.name());
    }

    static String quoted(List<String> names) {
        return names.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
    }

    /** @param defaults each column's default expression ({@code pg_get_expr}), null where it has none */
    private record Existing(List<DestinationTable.Column> columns, List<String> key, Set<String> notNull,
                            Map<String, String> defaults, String origin) {
    }
}
