package io.tidemark.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.TableSelector;
import io.tidemark.testing.TestDatabase;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TableDiscovery} against a real PostgreSQL catalog. */
class TableDiscoveryTest {
    private static final long SMALL = 10;
    private static final long LARGE = 100;

    private static TestDatabase db;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createCatalog() {
        db = TestDatabase.create();
        db.execute("""
                CREATE SCHEMA sales;
                CREATE SCHEMA "MixedCase";
                CREATE SCHEMA hr;
                CREATE SCHEMA sizes;
                CREATE SCHEMA bounds;

                CREATE DOMAIN sales.posint AS integer CHECK (VALUE > 0);
                CREATE DOMAIN sales.small_posint AS sales.posint CHECK (VALUE < 1000);
                CREATE TABLE sales.orders (
                    id bigint PRIMARY KEY,
                    amount numeric(30,10) NOT NULL,
                    note varchar(50) DEFAULT 'n/a',
                    tags int[],
                    gone text,
                    qty sales.posint,
                    placed_at timestamp with time zone
                );
                ALTER TABLE sales.orders DROP COLUMN gone;
                CREATE TABLE sales.measures (id integer PRIMARY KEY, qty sales.posint, small_qty sales.small_posint);
                COMMENT ON TABLE sales.orders IS 'Customer orders';
                COMMENT ON COLUMN sales.orders.amount IS 'Order total';
                INSERT INTO sales.orders (id, amount) SELECT g, g * 1.5 FROM generate_series(1, 12) g;
                ANALYZE sales.orders;

                -- columns a, b, c; key declared as (c, a)
                CREATE TABLE sales.order_lines (a integer, b text, c integer, PRIMARY KEY (c, a));
                CREATE TABLE sales.audit_log (at timestamptz, message text);

                CREATE VIEW sales.order_view AS SELECT id, amount FROM sales.orders;
                CREATE MATERIALIZED VIEW sales.order_totals AS SELECT sum(amount) AS total FROM sales.orders;

                CREATE TABLE sales.events (id integer, created date, PRIMARY KEY (id, created)) PARTITION BY RANGE (created);
                CREATE TABLE sales.events_2023 PARTITION OF sales.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
                CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                INSERT INTO sales.events SELECT g, DATE '2023-03-01' + g FROM generate_series(1, 3) g;
                INSERT INTO sales.events SELECT g, DATE '2024-03-01' + g FROM generate_series(1, 4) g;
                ANALYZE sales.events;

                CREATE TABLE "MixedCase"."Weird ""Name""\" ("Id" integer PRIMARY KEY, "Col ""Q""\" text);
                CREATE TABLE "MixedCase".lower_case (id integer PRIMARY KEY);

                CREATE TABLE hr.employees (id integer PRIMARY KEY, name text);
                INSERT INTO hr.employees SELECT g, 'e' || g FROM generate_series(1, 42) g;
                ANALYZE hr.employees;
                -- autovacuum off: its ANALYZE would turn these into reltuples tables during the test
                CREATE TABLE hr.empty_table (id integer PRIMARY KEY) WITH (autovacuum_enabled = false);
                CREATE TABLE hr.unanalyzed (id integer PRIMARY KEY) WITH (autovacuum_enabled = false);
                INSERT INTO hr.unanalyzed SELECT generate_series(1, 7);

                -- names sort differently from the expected processing order
                CREATE TABLE sizes.a_large (id integer);
                CREATE TABLE sizes.b_small (id integer);
                CREATE TABLE sizes.c_medium (id integer);
                CREATE TABLE sizes.d_empty (id integer);
                CREATE TABLE sizes.e_small (id integer);
                INSERT INTO sizes.a_large SELECT generate_series(1, 150);
                INSERT INTO sizes.b_small SELECT generate_series(1, 5);
                INSERT INTO sizes.c_medium SELECT generate_series(1, 20);
                INSERT INTO sizes.e_small SELECT generate_series(1, 5);
                ANALYZE sizes.a_large, sizes.b_small, sizes.c_medium, sizes.d_empty, sizes.e_small;

                CREATE TABLE bounds.r009 (id integer);
                CREATE TABLE bounds.r010 (id integer);
                CREATE TABLE bounds.r099 (id integer);
                CREATE TABLE bounds.r100 (id integer);
                INSERT INTO bounds.r009 SELECT generate_series(1, 9);
                INSERT INTO bounds.r010 SELECT generate_series(1, 10);
                INSERT INTO bounds.r099 SELECT generate_series(1, 99);
                INSERT INTO bounds.r100 SELECT generate_series(1, 100);
                ANALYZE bounds.r009, bounds.r010, bounds.r099, bounds.r100;
                """);
        dataSource = db.readPool();
    }

    @AfterAll
    static void dropCatalog() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static List<SourceTable> discover(TableSelector selector) throws SQLException {
        return new TableDiscovery(dataSource, selector, SMALL, LARGE).discover();
    }

    private static TableSelector schemas(String... schemas) {
        return TableSelector.of(List.of(schemas), "include", List.of(), "exclude", List.of());
    }

    private static TableSelector globs(List<String> include, List<String> exclude) {
        return TableSelector.of(List.of(), "include", include, "exclude", exclude);
    }

    private static SourceTable table(List<SourceTable> tables, String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new AssertionError(qualifiedName + " not discovered in " + tables));
    }

    @Test
    void discoversBaseTablesAndPartitionedParentsButNoViewsOrPartitions() throws SQLException {
        List<SourceTable> tables = discover(TableSelector.all());

        assertThat(tables).extracting(SourceTable::qualifiedName).containsExactlyInAnyOrder(
                "sales.orders", "sales.order_lines", "sales.audit_log", "sales.events", "sales.measures",
                "MixedCase.Weird \"Name\"", "MixedCase.lower_case",
                "hr.employees", "hr.empty_table", "hr.unanalyzed",
                "sizes.a_large", "sizes.b_small", "sizes.c_medium", "sizes.d_empty", "sizes.e_small",
                "bounds.r009", "bounds.r010", "bounds.r099", "bounds.r100");
    }

    @Test
    void schemaFilterKeepsOnlyTheListedSchemas() throws SQLException {
        assertThat(discover(schemas("hr", "MixedCase"))).extracting(SourceTable::qualifiedName)
                .containsExactlyInAnyOrder("hr.employees", "hr.empty_table", "hr.unanalyzed",
                        "MixedCase.Weird \"Name\"", "MixedCase.lower_case");
        // schema names are exact, case-sensitive catalog names
        assertThat(discover(schemas("mixedcase"))).isEmpty();
        assertThat(discover(schemas("MixedCase"))).extracting(SourceTable::qualifiedName)
                .containsExactlyInAnyOrder("MixedCase.Weird \"Name\"", "MixedCase.lower_case");
    }

    @Test
    void includeAndExcludeGlobsWithExcludeWinning() throws SQLException {
        assertThat(discover(globs(List.of("sales.order*", "MixedCase.Weird*"), List.of("sales.order_l?nes"))))
                .extracting(SourceTable::qualifiedName)
                .containsExactlyInAnyOrder("sales.orders", "MixedCase.Weird \"Name\"");
        // exclude wins over an include naming the same tables
        assertThat(discover(globs(List.of("hr.*"), List.of("hr.*")))).isEmpty();
        assertThat(discover(globs(List.of("hr.*"), List.of("hr.e*")))).extracting(SourceTable::qualifiedName)
                .containsExactly("hr.unanalyzed");
        // ? is exactly one character
        assertThat(discover(globs(List.of("h?.employees"), List.of()))).extracting(SourceTable::qualifiedName)
                .containsExactly("hr.employees");
        assertThat(discover(globs(List.of("h?r.employees", "hr.employees?"), List.of()))).isEmpty();
        // empty include = everything, minus the excludes
        assertThat(discover(globs(List.of(), List.of("sales.*", "sizes.*", "bounds.*", "hr.*"))))
                .extracting(SourceTable::qualifiedName)
                .containsExactlyInAnyOrder("MixedCase.Weird \"Name\"", "MixedCase.lower_case");
    }

    @Test
    void mixedCaseQuotedTableIsFoundAndDescribed() throws SQLException {
        SourceTable weird = table(discover(schemas("MixedCase")), "MixedCase.Weird \"Name\"");

        assertThat(weird.schema()).isEqualTo("MixedCase");
        assertThat(weird.name()).isEqualTo("Weird \"Name\"");
        assertThat(weird.partitioned()).isFalse();
        assertThat(weird.columns()).extracting(SourceColumn::name, SourceColumn::ordinal, SourceColumn::dataType)
                .containsExactly(tuple("Id", 1, "integer"), tuple("Col \"Q\"", 2, "text"));
        assertThat(weird.primaryKey()).containsExactly("Id");
        assertThat(weird.estimatedRows()).isZero();
        assertThat(weird.rowsSource()).isEqualTo("count");
    }

    @Test
    void partitionedParentIsDiscoveredOnceWithTheSumOfItsPartitions() throws SQLException {
        List<SourceTable> tables = discover(globs(List.of("sales.event*"), List.of()));

        assertThat(tables).extracting(SourceTable::qualifiedName).containsExactly("sales.events");
        SourceTable events = tables.get(0);
        assertThat(events.partitioned()).isTrue();
        assertThat(events.estimatedRows()).isEqualTo(7);
        assertThat(events.rowsSource()).isEqualTo("reltuples");
        assertThat(events.category()).isEqualTo(SizeCategory.SMALL);
        assertThat(events.primaryKey()).containsExactly("id", "created");
        assertThat(events.columns()).extracting(SourceColumn::name).containsExactly("id", "created");
        // from the catalog's page counts (table, TOAST, indexes), which discovery reads without locking the table
        assertThat(events.totalBytes()).isEqualTo(queryLong("""
                SELECT sum(c.relpages + coalesce(t.relpages, 0)
                           + coalesce((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                                       WHERE x.indrelid = c.oid), 0))::bigint * current_setting('block_size')::bigint
                FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
                WHERE c.oid IN ('sales.events_2023'::regclass, 'sales.events_2024'::regclass)
                """));
        assertThat(events.totalBytes()).isPositive();
    }

    @Test
    void tableWithoutPrimaryKeyHasAnEmptyKey() throws SQLException {
        SourceTable audit = table(discover(schemas("sales")), "sales.audit_log");

        assertThat(audit.primaryKey()).isEmpty();
        assertThat(audit.hasPrimaryKey()).isFalse();
    }

    @Test
    void compositePrimaryKeyComesBackInKeyOrderNotColumnOrder() throws SQLException {
        SourceTable lines = table(discover(schemas("sales")), "sales.order_lines");

        assertThat(lines.columns()).extracting(SourceColumn::name).containsExactly("a", "b", "c");
        assertThat(lines.primaryKey()).containsExactly("c", "a");
        assertThat(lines.hasPrimaryKey()).isTrue();
    }

    @Test
    void emptyNeverAnalyzedTableIsCountedAsZero() throws SQLException {
        SourceTable empty = table(discover(schemas("hr")), "hr.empty_table");

        assertThat(empty.estimatedRows()).isZero();
        assertThat(empty.rowsSource()).isEqualTo("count");
        assertThat(empty.category()).isEqualTo(SizeCategory.SMALL);
    }

    @Test
    void analyzedTableUsesReltuples() throws SQLException {
        SourceTable employees = table(discover(schemas("hr")), "hr.employees");

        assertThat(employees.estimatedRows()).isEqualTo(42);
        assertThat(employees.rowsSource()).isEqualTo("reltuples");
        assertThat(employees.category()).isEqualTo(SizeCategory.MEDIUM);
        assertThat(employees.primaryKey()).containsExactly("id");
    }

    /**
     * hr.unanalyzed has reltuples = -1 (PostgreSQL 14+: never vacuumed or analyzed; autovacuum is off for it).
     * Its live-tuple counter reaches the shared statistics only once the inserting backend flushes them (at
     * the latest when its connection closes), so the test waits for it; from then on the code must use it.
     */
    @Test
    void neverAnalyzedTableUsesLiveTupleStatistics() throws SQLException {
        assertThat(queryLong("SELECT reltuples::bigint FROM pg_class WHERE oid = 'hr.unanalyzed'::regclass")).isEqualTo(-1);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                queryLong("SELECT coalesce(n_live_tup, -1) FROM pg_stat_all_tables WHERE relid = 'hr.unanalyzed'::regclass") == 7);

        SourceTable unanalyzed = table(discover(schemas("hr")), "hr.unanalyzed");

        assertThat(unanalyzed.estimatedRows()).isEqualTo(7);
        assertThat(unanalyzed.rowsSource()).isEqualTo("n_live_tup");
        assertThat(unanalyzed.category()).isEqualTo(SizeCategory.SMALL);
    }

    /**
     * The count path needs a table that has neither reltuples (never analyzed) nor live-tuple statistics.
     * Statistics of a transaction reach pg_stat_all_tables only after it commits, so tables created and filled
     * in a still open transaction have none, deterministically. Discovery therefore runs on that same
     * connection (a one-connection DataSource whose close() and commit() are no-ops) and the transaction is
     * rolled back afterwards, so the tables never exist for the other tests.
     */
    @Test
    void unknownStatisticsAreCountedAndTheCountIsCappedAtTheLargeBound() throws Exception {
        try (Connection connection = db.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("""
                        CREATE SCHEMA pending;
                        CREATE TABLE pending.few (id integer PRIMARY KEY);
                        CREATE TABLE pending.many (id integer PRIMARY KEY);
                        INSERT INTO pending.few SELECT generate_series(1, 7);
                        INSERT INTO pending.many SELECT generate_series(1, 150);
                        """);
            }
            try {
                List<SourceTable> tables = new TableDiscovery(new SingleConnectionDataSource(connection),
                        schemas("pending"), SMALL, LARGE).discover();

                assertThat(tables).extracting(SourceTable::qualifiedName, SourceTable::estimatedRows,
                                SourceTable::rowsSource, SourceTable::category)
                        .containsExactly(
                                tuple("pending.few", 7L, "count", SizeCategory.SMALL),
                                // 150 rows, but counting stops at large-table-rows: enough to know it is LARGE
                                tuple("pending.many", LARGE, "count", SizeCategory.LARGE));
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void tablesComeBackSmallMediumLargeAndByRowsWithinACategory() throws SQLException {
        List<SourceTable> tables = discover(schemas("sizes"));

        assertThat(tables).extracting(SourceTable::qualifiedName, SourceTable::estimatedRows, SourceTable::category)
                .containsExactly(
                        tuple("sizes.d_empty", 0L, SizeCategory.SMALL),
                        tuple("sizes.b_small", 5L, SizeCategory.SMALL),
                        tuple("sizes.e_small", 5L, SizeCategory.SMALL),
                        tuple("sizes.c_medium", 20L, SizeCategory.MEDIUM),
                        tuple("sizes.a_large", 150L, SizeCategory.LARGE));
        assertThat(tables).extracting(SourceTable::rowsSource).containsOnly("reltuples");
    }

    @Test
    void categoryBoundsAreStrictLowerBoundsOfTheNextCategory() throws SQLException {
        assertThat(discover(schemas("bounds")))
                .extracting(SourceTable::qualifiedName, SourceTable::estimatedRows, SourceTable::category)
                .containsExactly(
                        tuple("bounds.r009", 9L, SizeCategory.SMALL),
                        tuple("bounds.r010", 10L, SizeCategory.MEDIUM),
                        tuple("bounds.r099", 99L, SizeCategory.MEDIUM),
                        tuple("bounds.r100", 100L, SizeCategory.LARGE));
    }

    @Test
    void columnsCarryDeclaredTypeBaseTypeAndCategory() throws SQLException {
        SourceTable orders = table(discover(globs(List.of("sales.orders"), List.of())), "sales.orders");

        assertThat(orders.comment()).isEqualTo("Customer orders");
        assertThat(orders.estimatedRows()).isEqualTo(12);
        assertThat(orders.category()).isEqualTo(SizeCategory.MEDIUM);
        assertThat(orders.primaryKey()).containsExactly("id");
        // the dropped column "gone" is not listed; ordinals are the catalog's attribute numbers
        assertThat(orders.columns())
                .extracting(SourceColumn::name, SourceColumn::ordinal, SourceColumn::dataType, SourceColumn::baseType,
                        SourceColumn::category, SourceColumn::notNull, SourceColumn::isArray)
                .containsExactly(
                        tuple("id", 1, "bigint", "int8", "N", true, false),
                        tuple("amount", 2, "numeric(30,10)", "numeric", "N", true, false),
                        tuple("note", 3, "character varying(50)", "varchar", "S", false, false),
                        tuple("tags", 4, "integer[]", "_int4", "A", false, true),
                        tuple("qty", 6, "sales.posint", "int4", "N", false, false),
                        tuple("placed_at", 7, "timestamp with time zone", "timestamptz", "D", false, false));
        assertThat(orders.column("note").orElseThrow().defaultExpression()).isEqualTo("'n/a'::character varying");
        assertThat(orders.column("id").orElseThrow().defaultExpression()).isNull();
        assertThat(orders.column("amount").orElseThrow().comment()).isEqualTo("Order total");
        assertThat(orders.column("gone")).isEmpty();
    }

    /**
     * A domain over a domain over integer: baseType must be the ultimate base type (int4), as for a plain
     * domain, since ColumnReader chooses how to read a value by baseType (an int4 is read as a number, an
     * unknown type name as text).
     */
    @Test
    void domainOverDomainColumnHasTheUltimateBaseType() throws SQLException {
        SourceTable measures = table(discover(globs(List.of("sales.measures"), List.of())), "sales.measures");

        assertThat(measures.columns())
                .extracting(SourceColumn::name, SourceColumn::dataType, SourceColumn::baseType, SourceColumn::category)
                .containsExactly(
                        tuple("id", "integer", "int4", "N"),
                        tuple("qty", "sales.posint", "int4", "N"),
                        tuple("small_qty", "sales.small_posint", "int4", "N"));
    }

    private static long queryLong(String sql) throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Hands out one open connection; close() and commit() are no-ops so the caller keeps its transaction. */
    private static final class SingleConnectionDataSource implements DataSource {
        private final Connection connection;

        SingleConnectionDataSource(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection getConnection() {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close") || method.getName().equals("commit")) {
                            return null;
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
