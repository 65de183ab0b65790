package io.tidemark.discovery;

import io.tidemark.config.TableSelector;
import io.tidemark.source.ReadTransactions;
import io.tidemark.source.SqlIdentifiers;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the tables to sync in the source catalog: base tables and partitioned parents (never their partitions),
 * in the configured schemas (default: every non-system schema), filtered by the include/exclude globs.
 * Tables are looked up by OID, so mixed-case and quoted names work. Each table gets its row estimate
 * ({@code reltuples}, else {@code n_live_tup}, else a {@code count(*)} capped at the large-table bound), its
 * size category, columns and primary key. The list comes back in processing order: small, medium, large,
 * smaller first within a category.
 */
public final class TableDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(TableDiscovery.class);

    /**
     * A relation's size with its TOAST table and indexes, from the catalog's page counts (kept by VACUUM, ANALYZE
     * and CREATE INDEX) rather than {@code pg_total_relation_size}: that function locks the relation, so discovery
     * would queue behind a migration's ACCESS EXCLUSIVE lock and give up at Tidemark's lock timeout.
     */
    private static final String CATALOG_BYTES = """
            ((c.relpages::bigint
              + coalesce((SELECT t.relpages FROM pg_catalog.pg_class t WHERE t.oid = c.reltoastrelid), 0)
              + coalesce((SELECT sum(i.relpages) FROM pg_catalog.pg_index x
                          JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
             * current_setting('block_size')::bigint)""";

    private static final String TABLES_SQL = """
            SELECT c.oid, n.nspname, c.relname, c.relkind = 'p' AS partitioned,
                   c.reltuples::bigint AS reltuples, s.n_live_tup, CATALOG_BYTES::bigint AS total_bytes,
                   obj_description(c.oid, 'pg_class') AS comment,
                   has_table_privilege(c.oid, 'SELECT') AND has_schema_privilege(n.oid, 'USAGE') AS readable
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
              AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
            ORDER BY n.nspname, c.relname
            """.replace("CATALOG_BYTES", CATALOG_BYTES);

    /** The configured schemas the source does not have, in the order configured. */
    private static final String MISSING_SCHEMAS_SQL = """
            SELECT configured.name
            FROM unnest(?::text[]) WITH ORDINALITY AS configured(name, position)
            WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = configured.name)
            ORDER BY configured.position
            """;

    /** A partitioned parent's statistics are the sums over its leaf partitions. */
    private static final String PARTITION_STATS_SQL = """
            SELECT sum(CASE WHEN c.reltuples >= 0 THEN c.reltuples END)::bigint AS reltuples,
                   bool_or(c.reltuples < 0) AS some_unknown,
                   sum(s.n_live_tup)::bigint AS n_live_tup,
                   coalesce(sum(CATALOG_BYTES), 0)::bigint AS total_bytes
            FROM pg_partition_tree(?::oid) t
            JOIN pg_catalog.pg_class c ON c.oid = t.relid
            LEFT JOIN pg_catalog.pg_stat_all_tables s ON s.relid = c.oid
            WHERE t.isleaf
            """.replace("CATALOG_BYTES", CATALOG_BYTES);

    private static final String COLUMNS_SQL = """
            SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS data_type,
                   bt.typname AS base_type, bt.typcategory::text AS type_category, a.attnotnull,
                   pg_get_expr(d.adbin, d.adrelid) AS column_default, col_description(a.attrelid, a.attnum) AS comment
            FROM pg_catalog.pg_attribute a
            CROSS JOIN LATERAL (
                -- a domain's base type may itself be a domain: follow the chain to the real type
                WITH RECURSIVE chain AS (
                    SELECT t.oid, t.typtype, t.typbasetype, 0 AS depth FROM pg_catalog.pg_type t WHERE t.oid = a.atttypid
                    UNION ALL
                    SELECT p.oid, p.typtype, p.typbasetype, chain.depth + 1
                    FROM chain JOIN pg_catalog.pg_type p ON p.oid = chain.typbasetype WHERE chain.typtype = 'd')
                SELECT oid FROM chain ORDER BY depth DESC LIMIT 1) AS base
            JOIN pg_catalog.pg_type bt ON bt.oid = base.oid
            LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = ANY (?::text[]::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attrelid, a.attnum
            """;

    private static final String PRIMARY_KEYS_SQL = """
            SELECT i.indrelid, a.attname
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indisprimary AND i.indrelid = ANY (?::text[]::oid[])
            ORDER BY i.indrelid, k.position
            """;

    private final DataSource dataSource;
    private final TableSelector selector;
    private final long smallTableRows;
    private final long largeTableRows;

    public TableDiscovery(DataSource dataSource, TableSelector selector, long smallTableRows, long largeTableRows) {
        this.dataSource = dataSource;
        this.selector = selector;
        this.smallTableRows = smallTableRows;
        this.largeTableRows = largeTableRows;
    }

    /** Discovers the selected tables, in processing order. */
    public List<SourceTable> discover() throws SQLException {
        return ReadTransactions.inTransaction(dataSource, this::discover);
    }

    /**
     * The table as it is now (its columns, key and size), discovered again after its columns changed during its
     * read; empty when it is gone, renamed or no longer selected.
     */
    public Optional<SourceTable> rediscover(SourceTable table) throws SQLException {
        return ReadTransactions.inTransaction(dataSource, connection -> {
            List<Candidate> same = selectedCandidates(connection).stream()
                    .filter(candidate -> candidate.schema.equals(table.schema()) && candidate.name.equals(table.name()))
                    .toList();
            return tables(connection, same).stream().findFirst();
        });
    }

    private List<SourceTable> discover(Connection connection) throws SQLException {
        return tables(connection, selectedCandidates(connection));
    }

    private List<SourceTable> tables(Connection connection, List<Candidate> candidates) throws SQLException {
        Map<Long, List<SourceColumn>> columns = columns(connection, candidates);
        Map<Long, List<String>> primaryKeys = primaryKeys(connection, candidates);
        List<SourceTable> tables = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Estimate estimate = estimate(connection, candidate);
            tables.add(new SourceTable(candidate.oid, candidate.schema, candidate.name, candidate.partitioned,
                    estimate.rows, estimate.source, estimate.totalBytes, candidate.comment,
                    List.copyOf(columns.getOrDefault(candidate.oid, List.of())),
                    List.copyOf(primaryKeys.getOrDefault(candidate.oid, List.of())),
                    SizeCategory.of(estimate.rows, smallTableRows, largeTableRows)));
        }
        tables.sort(Comparator.comparing(SourceTable::category)
                .thenComparingLong(SourceTable::estimatedRows)
                .thenComparing(SourceTable::qualifiedName));
        return tables;
    }

    private List<Candidate> selectedCandidates(Connection connection) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        for (Candidate candidate : candidatesInSchemas(connection)) {
            if (!selector.selects(candidate.schema, candidate.name)) {
                continue;
            }
            if (!candidate.readable) {
                LOG.warn("Skipping {}.{}: the source user has no SELECT privilege on it, or no USAGE on its schema", candidate.schema, candidate.name);
                continue;
            }
            candidates.add(candidate);
        }
        return candidates;
    }

    /**
     * What the selection is made from, for {@link SelectionCheck}: every table of the configured schemas (all
     * non-system schemas when none are configured), selected or not, and the configured schemas that do not exist.
     */
    public SelectionCheck.Source selectionSource() throws SQLException {
        return ReadTransactions.inTransaction(dataSource, connection -> {
            List<SelectionCheck.ListedTable> tables = new ArrayList<>();
            for (Candidate candidate : candidatesInSchemas(connection)) {
                tables.add(new SelectionCheck.ListedTable(candidate.schema, candidate.name, candidate.readable));
            }
            return new SelectionCheck.Source(missingSchemas(connection), tables);
        });
    }

    private List<Candidate> candidatesInSchemas(Connection connection) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES_SQL)) {
            Array schemas = connection.createArrayOf("text", selector.schemas().toArray());
            statement.setArray(1, schemas);
            statement.setArray(2, schemas);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long liveTuples = rs.getLong("n_live_tup");
                    boolean noLiveTuples = rs.wasNull();
                    candidates.add(new Candidate(rs.getLong("oid"), rs.getString("nspname"), rs.getString("relname"),
                            rs.getBoolean("partitioned"), rs.getLong("reltuples"), noLiveTuples ? -1 : liveTuples,
                            rs.getLong("total_bytes"), rs.getString("comment"), rs.getBoolean("readable")));
                }
            }
        }
        return candidates;
    }

    private List<String> missingSchemas(Connection connection) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(MISSING_SCHEMAS_SQL)) {
            statement.setArray(1, connection.createArrayOf("text", selector.schemas().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        return missing;
    }

    private Map<Long, List<SourceColumn>> columns(Connection connection, List<Candidate> candidates) throws SQLException {
        Map<Long, List<SourceColumn>> byTable = new HashMap<>();
        if (candidates.isEmpty()) {
            return byTable;
        }
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS_SQL)) {
            statement.setArray(1, oids(connection, candidates));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getLong("attrelid"), k -> new ArrayList<>()).add(new SourceColumn(
                            rs.getString("attname"), rs.getInt("attnum"), rs.getString("data_type"),
                            rs.getString("base_type"), rs.getString("type_category"), rs.getBoolean("attnotnull"),
                            rs.getString("column_default"), rs.getString("comment")));
                }
            }
        }
        return byTable;
    }

    private Map<Long, List<String>> primaryKeys(Connection connection, List<Candidate> candidates) throws SQLException {
        Map<Long, List<String>> byTable = new LinkedHashMap<>();
        if (candidates.isEmpty()) {
            return byTable;
        }
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEYS_SQL)) {
            statement.setArray(1, oids(connection, candidates));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getLong("indrelid"), k -> new ArrayList<>()).add(rs.getString("attname"));
                }
            }
        }
        return byTable;
    }

    private static Array oids(Connection connection, List<Candidate> candidates) throws SQLException {
        return connection.createArrayOf("text", candidates.stream().map(c -> Long.toString(c.oid)).toArray());
    }

    private Estimate estimate(Connection connection, Candidate candidate) throws SQLException {
        long reltuples = candidate.reltuples;
        long liveTuples = candidate.liveTuples;
        long totalBytes = candidate.totalBytes;
        if (candidate.partitioned) {
            try (PreparedStatement statement = connection.prepareStatement(PARTITION_STATS_SQL)) {
                statement.setLong(1, candidate.oid);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    long sum = rs.getLong("reltuples");
                    reltuples = rs.wasNull() || rs.getBoolean("some_unknown") ? -1 : sum;
                    long live = rs.getLong("n_live_tup");
                    liveTuples = rs.wasNull() ? -1 : live;
                    totalBytes = rs.getLong("total_bytes");
                }
            }
        }
        if (reltuples >= 0) {
            return new Estimate(reltuples, "reltuples", totalBytes);
        }
        if (liveTuples > 0) {
            return new Estimate(liveTuples, "n_live_tup", totalBytes);
        }
        return new Estimate(cappedCount(connection, candidate), "count", totalBytes);
    }

    /**
     * Never analyzed and no live-tuple statistics: count, but stop at the large-table bound, which is all the
     * category needs, so that an unanalyzed huge table does not cost a full scan.
     */
    private long cappedCount(Connection connection, Candidate candidate) throws SQLException {
        String sql = "SELECT count(*) FROM (SELECT FROM " + SqlIdentifiers.qualified(candidate.schema, candidate.name)
                + " LIMIT ?) AS capped";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, Math.max(largeTableRows, 1));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private record Candidate(long oid, String schema, String name, boolean partitioned, long reltuples,
                             long liveTuples, long totalBytes, String comment, boolean readable) {
    }

    private record Estimate(long rows, String source, long totalBytes) {
    }
}
