package io.tidemark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code tidemark.preprocess.sql} parsed into statements whose named parameters ({@code :table},
 * {@code :last_sync}, {@code :connection_ids}) become JDBC placeholders. Statements are separated by {@code ;}
 * outside quotes; {@code ::} casts and text in quotes are left alone. Any other {@code :name} is a configuration
 * error, never a statement run with the parameter's text left in it.
 */
public final class PreprocessSql {
    public static final String KEY = "tidemark.preprocess.sql";
    public static final Set<String> PARAMETERS = Set.of("table", "last_sync", "connection_ids");

    /** One statement: SQL with {@code ?} placeholders and the parameter names in placeholder order. */
    public record Statement(String sql, List<String> parameters) {
    }

    private PreprocessSql() {
    }

    public static List<Statement> parse(String text) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder sql = new StringBuilder();
        List<String> parameters = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                sql.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                sql.append(c);
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                sql.append("::");
                i++;
            } else if (c == ':' && i + 1 < text.length() && Character.isLetter(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (!PARAMETERS.contains(name)) {
                    throw new ConfigException(KEY, "unknown parameter :" + name + " (known: :table, :last_sync, :connection_ids)");
                }
                parameters.add(name);
                sql.append(switch (name) {
                    case "last_sync" -> "CAST(? AS timestamptz)";
                    case "connection_ids" -> "CAST(? AS text[])";
                    default -> "?";
                });
                i = end - 1;
            } else if (c == ';') {
                add(statements, sql, parameters);
                sql.setLength(0);
                parameters = new ArrayList<>();
            } else {
                sql.append(c);
            }
        }
        if (quote != 0) {
            throw new ConfigException(KEY, "has an unclosed " + quote + " quote");
        }
        add(statements, sql, parameters);
        return List.copyOf(statements);
    }

    private static void add(List<Statement> statements, StringBuilder sql, List<String> parameters) {
        String statement = sql.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(new Statement(statement, List.copyOf(parameters)));
        }
    }
}
