package io.tidemark.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.discovery.SizeCategory;
import io.tidemark.discovery.SourceColumn;
import io.tidemark.discovery.SourceTable;
import io.tidemark.rows.RawJson;
import io.tidemark.source.SqlIdentifiers;
import io.tidemark.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SelectStatementsTest {

    private static SourceColumn column(String name, int ordinal, String dataType, String baseType, String category) {
        return new SourceColumn(name, ordinal, dataType, baseType, category, false, null, null);
    }

    private static SourceTable table(String schema, String name, List<SourceColumn> columns, List<String> key) {
        return new SourceTable(1L, schema, name, false, 0, "count", 0, null, columns, key, SizeCategory.SMALL);
    }

    /** Columns a text, b int[], c integer with PRIMARY KEY (c, a), in a mixed-case schema and quoted table. */
    private static final SourceTable WEIRD = table("MixedCase", "Weird \"Name\"", List.of(
                    column("a", 1, "text", "text", "S"),
                    column("b", 2, "integer[]", "_int4", "A"),
                    column("c", 3, "integer", "int4", "N")),
            List.of("c", "a"));

    @Test
    void compositeKeyFirstPage() {
        assertThat(new SelectStatements(WEIRD).page(KeysetPosition.START)).isEqualTo(
                "SELECT \"a\", to_json(\"b\"), \"c\", \"c\"::text AS \"_tidemark_key_1\", \"a\"::text AS \"_tidemark_key_2\", "
                        + SelectStatements.COLUMN_SET + " FROM \"MixedCase\".\"Weird \"\"Name\"\"\" ORDER BY \"c\", \"a\" LIMIT ?");
    }

    @Test
    void compositeKeyNextPageCastsEachKeyToItsDeclaredType() {
        assertThat(new SelectStatements(WEIRD).page(KeysetPosition.after(List.of("3", "x")))).isEqualTo(
                "SELECT \"a\", to_json(\"b\"), \"c\", \"c\"::text AS \"_tidemark_key_1\", \"a\"::text AS \"_tidemark_key_2\", "
                        + SelectStatements.COLUMN_SET + " FROM \"MixedCase\".\"Weird \"\"Name\"\"\""
                        + " WHERE (\"c\", \"a\") > (CAST(? AS integer), CAST(? AS text)) ORDER BY \"c\", \"a\" LIMIT ?");
    }

    @Test
    void identifiersWithQuotesAndReservedWordsAreQuoted() {
        SourceTable table = table("public", "order", List.of(
                column("Col \"Q\"", 1, "character varying(50)", "varchar", "S"),
                column("select", 2, "\"Paging\".\"Mood\"", "Mood", "E")), List.of("Col \"Q\""));
        SelectStatements statements = new SelectStatements(table);

        assertThat(statements.page(KeysetPosition.after(List.of("q")))).isEqualTo(
                "SELECT \"Col \"\"Q\"\"\", \"select\", \"Col \"\"Q\"\"\"::text AS \"_tidemark_key_1\", "
                        + SelectStatements.COLUMN_SET + " FROM \"public\".\"order\" WHERE (\"Col \"\"Q\"\"\") > (CAST(? AS character varying(50)))"
                        + " ORDER BY \"Col \"\"Q\"\"\" LIMIT ?");
    }

    @Test
    void tableWithoutKeyIsReadWithAPlainSelect() {
        SourceTable table = table("sales", "audit_log", List.of(
                column("at", 1, "timestamp with time zone", "timestamptz", "D"),
                column("tags", 2, "text[]", "_text", "A"),
                column("message", 3, "text", "text", "S")), List.of());

        assertThat(new SelectStatements(table).wholeTable())
                .isEqualTo("SELECT \"at\", to_json(\"tags\"), \"message\" FROM \"sales\".\"audit_log\"");
    }

    @Test
    void quoting() {
        assertThat(SqlIdentifiers.quote("Weird \"Name\"")).isEqualTo("\"Weird \"\"Name\"\"\"");
        assertThat(SqlIdentifiers.qualified("MixedCase", "a.b")).isEqualTo("\"MixedCase\".\"a.b\"");
        assertThatThrownBy(() -> SqlIdentifiers.quote("bad\0name")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------------------------------------------------
    // keyset paging against real PostgreSQL

    private static TestDatabase db;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void createTable() {
        db = TestDatabase.create();
        // Key (txt, mood, at) declared in another order than the columns. txt has the ICU root collation, which
        // differs from the database default (C.UTF-8 on the embedded server): a < A < b < B < Z there, but
        // A < B < Z < a < b in C, so a page boundary compared in the wrong collation skips or repeats rows.
        // mood is an enum, ordered by declaration; at differs by single microseconds within one (txt, mood).
        db.execute("""
                CREATE SCHEMA "Paging";
                CREATE TYPE "Paging"."Mood" AS ENUM ('sad', 'ok', 'happy');
                CREATE TABLE "Paging".keys (
                    payload integer NOT NULL,
                    at timestamptz NOT NULL,
                    tags text[],
                    mood "Paging"."Mood" NOT NULL,
                    txt text COLLATE "und-x-icu" NOT NULL,
                    PRIMARY KEY (txt, mood, at)
                );
                INSERT INTO "Paging".keys (payload, txt, mood, at, tags) VALUES
                    (1, 'b', 'sad',   '2024-01-01 00:00:00+00', NULL),
                    (2, 'B', 'happy', '2024-01-01 00:00:00+00', '{x}'),
                    (3, 'a', 'ok',    '2024-01-01 00:00:00+00', '{}'),
                    (4, 'B', 'sad',   '2024-01-01 00:00:00.000002+00', NULL),
                    (5, 'A', 'happy', '2023-06-30 23:59:59.999999+00', NULL),
                    (6, 'B', 'sad',   '2024-01-01 00:00:00.000001+00', '{"a b",NULL}'),
                    (7, 'a', 'sad',   '2025-01-01 00:00:00+00', NULL),
                    (8, 'B', 'ok',    '1999-12-31 23:00:00-05', NULL),
                    (9, 'Z', 'sad',   '2024-01-01 00:00:00+00', NULL),
                    (10, 'B', 'sad',  '2024-01-01 00:00:00.000003+00', NULL),
                    (11, 'b', 'happy','2020-02-29 12:00:00+00', NULL);
                """);
        dataSource = db.readPool();
    }

    @AfterAll
    static void dropTable() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static final SourceTable KEYS = new SourceTable(1L, "Paging", "keys", false, 11, "count", 0, null, List.of(
            new SourceColumn("payload", 1, "integer", "int4", "N", true, null, null),
            new SourceColumn("at", 2, "timestamp with time zone", "timestamptz", "D", true, null, null),
            new SourceColumn("tags", 3, "text[]", "_text", "A", false, null, null),
            new SourceColumn("mood", 4, "\"Paging\".\"Mood\"", "Mood", "E", true, null, null),
            new SourceColumn("txt", 5, "text", "text", "S", true, null, null)),
            List.of("txt", "mood", "at"), SizeCategory.SMALL);

    /** Payloads in key order: txt in ICU root order (a < A < b < B < Z), then enum order (sad < ok < happy), then time. */
    private static final List<Integer> KEY_ORDER = List.of(7, 3, 5, 1, 11, 6, 4, 10, 8, 2, 9);

    @Test
    void keysetPagingReturnsEveryRowOnceInKeyOrder() throws SQLException {
        KeysetBatchReader reader = new KeysetBatchReader(dataSource, KEYS);
        assertThat(reader.columns()).containsExactly("payload", "at", "tags", "mood", "txt");
        assertThat(reader.canRetry()).isTrue();

        List<Object[]> rows = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        while (reader.hasMore()) {
            List<Object[]> page = reader.next(2);
            pageSizes.add(page.size());
            rows.addAll(page);
        }
        reader.close();

        assertThat(pageSizes).containsExactly(2, 2, 2, 2, 2, 1);
        assertThat(rows).extracting(row -> ((Long) row[0]).intValue()).containsExactlyElementsOf(KEY_ORDER);
        assertThat(rows).extracting(row -> row[4] + "/" + row[3]).containsExactly(
                "a/sad", "a/ok", "A/happy", "b/sad", "b/happy", "B/sad", "B/sad", "B/sad", "B/ok", "B/happy", "Z/sad");
        Object[] six = rows.get(5);
        assertThat(Arrays.asList(six)).containsExactly(6L, "2024-01-01T00:00:00.000001Z",
                new RawJson("[\"a b\",null]"), "sad", "B");
        assertThat(rows.get(8)[1]).isEqualTo("2000-01-01T04:00:00Z");
    }

    @Test
    void pagingWhenTheLastPageIsFullEndsWithAnEmptyPage() throws SQLException {
        KeysetBatchReader reader = new KeysetBatchReader(dataSource, KEYS);
        List<Integer> payloads = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        while (reader.hasMore()) {
            List<Object[]> page = reader.next(11);
            pageSizes.add(page.size());
            page.forEach(row -> payloads.add(((Long) row[0]).intValue()));
        }

        assertThat(pageSizes).containsExactly(11, 0);
        assertThat(payloads).containsExactlyElementsOf(KEY_ORDER);
    }

    /** The statements themselves, run by hand: the table (for its column set), then the limit on the first page, the key text then the limit on a later one. */
    @Test
    void firstAndNextPageStatementsRunAsIs() throws SQLException {
        SelectStatements statements = new SelectStatements(KEYS);
        try (Connection connection = dataSource.getConnection()) {
            List<String> firstKeys = new ArrayList<>();
            try (PreparedStatement first = connection.prepareStatement(statements.page(KeysetPosition.START))) {
                first.setString(1, "\"Paging\".keys");
                first.setInt(2, 3);
                try (ResultSet rs = first.executeQuery()) {
                    while (rs.next()) {
                        firstKeys.add(rs.getString(6) + "|" + rs.getString(7) + "|" + rs.getInt(1));
                    }
                }
            }
            assertThat(firstKeys).containsExactly("a|sad|7", "a|ok|3", "A|happy|5");

            List<Integer> next = new ArrayList<>();
            try (PreparedStatement page = connection.prepareStatement(statements.page(KeysetPosition.after(List.of("B", "sad", "2024-01-01 00:00:00.000001+00"))))) {
                page.setString(1, "\"Paging\".keys");
                page.setString(2, "B");
                page.setString(3, "sad");
                page.setString(4, "2024-01-01 00:00:00.000001+00");
                page.setInt(5, 3);
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        next.add(rs.getInt("payload"));
                    }
                }
            }
            assertThat(next).containsExactly(4, 10, 8);
            connection.rollback();
        }
    }

    @Test
    void keysetReaderRefusesTablesWithoutKey() {
        SourceTable noKey = table("sales", "audit_log", List.of(column("m", 1, "text", "text", "S")), List.of());

        assertThatThrownBy(() -> new KeysetBatchReader(dataSource, noKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sales.audit_log has no key to page on");
    }
}
