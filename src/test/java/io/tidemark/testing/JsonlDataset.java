package io.tidemark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a dataset folder written by the file sink, and checks it row for row against its source table.
 * The check runs inside PostgreSQL: every JSON value is cast back to its column's type and compared, as text,
 * with the source value, so a value that lost a digit, a time zone or a byte does not match.
 */
public final class JsonlDataset {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private final Path folder;
    private final List<String> lines;

    private JsonlDataset(Path folder, List<String> lines) {
        this.folder = folder;
        this.lines = lines;
    }

    public static JsonlDataset read(Path folder) {
        return read(folder, "");
    }

    /** Only the batches one cycle wrote (their files start with its run id). */
    public static JsonlDataset read(Path folder, String runId) {
        assertThat(folder).as("dataset folder").isDirectory();
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            // hidden files are batches still being written (renamed into place when complete): readers skip them
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> f.getFileName().toString().startsWith(runId)).sorted().toList()) {
                assertThat(file.getFileName().toString()).as("only finished .jsonl files in " + folder).endsWith(".jsonl");
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JsonlDataset(folder, lines);
    }

    /** The values of one column, as text, in file order. */
    public List<String> column(String name) {
        return records().stream().map(r -> r.get(name).asText()).toList();
    }

    public int size() {
        return lines.size();
    }

    public List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : lines) {
            try {
                records.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not a JSON line in " + folder + ": " + line, e);
            }
        }
        return records;
    }

    /** Asserts that the dataset holds exactly the source table's rows (as a multiset), value for value. */
    public void assertEqualsTable(TestDatabase database, String schema, String table) throws SQLException {
        for (JsonNode record : records()) {
            assertThat(record.path("_tidemark_op").asText()).isEqualTo("upsert");
            assertThat(Instant.parse(record.path("_tidemark_synced_at").asText())).isNotNull();
        }
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE tidemark_loaded (doc jsonb) ON COMMIT DROP");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO tidemark_loaded VALUES (?::jsonb)")) {
                for (String line : lines) {
                    insert.setString(1, line);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            List<String[]> columns = columns(connection, schema, table);
            assertThat(columns).as("columns of " + schema + "." + table).isNotEmpty();
            for (JsonNode record : records()) {
                assertThat(record.size()).as("fields of a record").isEqualTo(columns.size() + 2);
            }
            StringBuilder sourceExpressions = new StringBuilder();
            StringBuilder loadedExpressions = new StringBuilder();
            for (String[] column : columns) {
                if (sourceExpressions.length() > 0) {
                    sourceExpressions.append(", ");
                    loadedExpressions.append(", ");
                }
                String name = quote(column[0]);
                String field = "doc->'" + column[0].replace("'", "''") + "'";
                String textField = "doc->>'" + column[0].replace("'", "''") + "'";
                String jsonOrNull = "nullif(" + field + ", 'null'::jsonb)";
                switch (column[2]) {
                    case "bytea" -> {
                        sourceExpressions.append("encode(s.").append(name).append(", 'hex')");
                        loadedExpressions.append("encode(decode(").append(textField).append(", 'base64'), 'hex')");
                    }
                    case "json", "jsonb" -> {
                        sourceExpressions.append("s.").append(name).append("::jsonb::text");
                        loadedExpressions.append(jsonOrNull).append("::text");
                    }
                    case "array" -> {
                        sourceExpressions.append("to_jsonb(s.").append(name).append(")::text");
                        loadedExpressions.append(jsonOrNull).append("::text");
                    }
                    default -> {
                        sourceExpressions.append("s.").append(name).append("::text");
                        loadedExpressions.append("CAST(").append(textField).append(" AS ").append(column[1]).append(")::text");
                    }
                }
            }
            String source = "SELECT " + sourceExpressions + " FROM " + quote(schema) + "." + quote(table) + " s";
            String loaded = "SELECT " + loadedExpressions + " FROM tidemark_loaded";
            long sourceRows = count(connection, "SELECT count(*) FROM " + quote(schema) + "." + quote(table));
            assertThat(lines).as("rows of " + schema + "." + table).hasSize((int) sourceRows);
            List<String> missing = differences(connection, source + " EXCEPT ALL " + loaded);
            List<String> unexpected = differences(connection, loaded + " EXCEPT ALL " + source);
            assertThat(missing).as("source rows of " + schema + "." + table + " not found as written").isEmpty();
            assertThat(unexpected).as("written rows of " + schema + "." + table + " not in the source").isEmpty();
            assertNumbersAndBooleansAreTyped(connection, columns);
            connection.rollback();
        }
    }

    /** Integers and numerics are JSON numbers (NaN and infinities excepted); booleans are JSON booleans. */
    private static void assertNumbersAndBooleansAreTyped(Connection connection, List<String[]> columns) throws SQLException {
        for (String[] column : columns) {
            String field = "doc->'" + column[0].replace("'", "''") + "'";
            String expected = switch (column[3]) {
                case "N" -> "number";
                case "B" -> "boolean";
                default -> null;
            };
            if (expected == null || column[2].equals("money")) {
                continue;
            }
            long wrong = count(connection, "SELECT count(*) FROM tidemark_loaded WHERE jsonb_typeof(" + field + ") NOT IN ('null', '"
                    + expected + "') AND (" + field + ")::text NOT IN ('\"NaN\"', '\"Infinity\"', '\"-Infinity\"')");
            assertThat(wrong).as("values of " + column[0] + " that are not JSON " + expected).isZero();
        }
    }

    /** name, declared type, base type name (or "array"), type category. */
    private static List<String[]> columns(Connection connection, String schema, String table) throws SQLException {
        String sql = """
                SELECT a.attname, format_type(a.atttypid, a.atttypmod),
                       CASE WHEN bt.typcategory = 'A' THEN 'array' ELSE bt.typname END, bt.typcategory::text
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
                WHERE a.attrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """;
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, schema);
            statement.setString(2, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        return columns;
    }

    private static List<String> differences(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql + " LIMIT 5")) {
            int count = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= count; i++) {
                    row.append(i > 1 ? " | " : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
