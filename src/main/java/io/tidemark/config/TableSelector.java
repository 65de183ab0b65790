package io.tidemark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which discovered tables to sync: schema list, then include and exclude globs on {@code schema.table}
 * ({@code *} any run of characters, {@code ?} one character, matched case-sensitively as PostgreSQL names are).
 * An empty include list includes every table; exclude wins over include.
 */
public final class TableSelector {
    private final List<String> schemas;
    private final List<Pattern> includes;
    private final List<Pattern> excludes;

    private TableSelector(List<String> schemas, List<Pattern> includes, List<Pattern> excludes) {
        this.schemas = schemas;
        this.includes = includes;
        this.excludes = excludes;
    }

    public static TableSelector of(List<String> schemas, String includeKey, List<String> includeGlobs,
                                   String excludeKey, List<String> excludeGlobs) {
        return new TableSelector(List.copyOf(schemas), compile(includeKey, includeGlobs), compile(excludeKey, excludeGlobs));
    }

    public static TableSelector all() {
        return new TableSelector(List.of(), List.of(), List.of());
    }

    /** Schemas to look in; empty means every non-system schema. */
    public List<String> schemas() {
        return schemas;
    }

    public boolean selects(String schema, String table) {
        String qualified = schema + "." + table;
        if (excludes.stream().anyMatch(p -> p.matcher(qualified).matches())) {
            return false;
        }
        return includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(qualified).matches());
    }

    private static List<Pattern> compile(String key, List<String> globs) {
        List<Pattern> patterns = new ArrayList<>();
        for (String glob : globs) {
            patterns.add(compileGlob(key, glob));
        }
        return List.copyOf(patterns);
    }

    /** A {@code schema.table} glob ({@code *}, {@code ?}) as a pattern; a malformed one is refused naming {@code key}. */
    public static Pattern compileGlob(String key, String glob) {
        int dot = glob.indexOf('.');
        if (dot <= 0 || dot == glob.length() - 1) {
            throw new ConfigException(key, "'" + glob + "' is not a schema.table glob (use * and ?, e.g. public.order*)");
        }
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[', ']', '{', '}' -> throw new ConfigException(key,
                        "'" + glob + "' uses '" + c + "', which globs here do not support (only * and ?)");
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
