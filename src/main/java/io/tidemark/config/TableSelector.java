package io.tidemark.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which discovered tables to sync: schema list, then include and exclude globs on {@code schema.table}
 * ({@code *} any run of characters, {@code ?} one character, matched case-sensitively as PostgreSQL names are).
 * An empty include list includes every table; exclude wins over include.
 */
public final class TableSelector {
    private final List<String> schemas;
    /** Each include glob as written, with its pattern (the text names it when it matches nothing). */
    private final Map<String, Pattern> includes;
    private final List<Pattern> excludes;

    private TableSelector(List<String> schemas, Map<String, Pattern> includes, List<Pattern> excludes) {
        this.schemas = schemas;
        this.includes = includes;
        this.excludes = excludes;
    }

    public static TableSelector of(List<String> schemas, String includeKey, List<String> includeGlobs,
                                   String excludeKey, List<String> excludeGlobs) {
        return new TableSelector(List.copyOf(schemas), compile(includeKey, includeGlobs),
                List.copyOf(compile(excludeKey, excludeGlobs).values()));
    }

    public static TableSelector all() {
        return new TableSelector(List.of(), Map.of(), List.of());
    }

    /** Schemas to look in; empty means every non-system schema. */
    public List<String> schemas() {
        return schemas;
    }

    public boolean selects(String schema, String table) {
        String qualified = schema + "." + table;
        return includes(qualified) && excludes.stream().noneMatch(p -> p.matcher(qualified).matches());
    }

    /** Whether the include list (empty: everything) takes {@code qualified}, before the excludes. */
    public boolean includes(String qualified) {
        return includes.isEmpty() || includes.values().stream().anyMatch(p -> p.matcher(qualified).matches());
    }

    /** The include globs, as written, that match none of {@code qualifiedNames}. */
    public List<String> includesMatchingNone(Collection<String> qualifiedNames) {
        List<String> unmatched = new ArrayList<>();
        includes.forEach((glob, pattern) -> {
            if (qualifiedNames.stream().noneMatch(name -> pattern.matcher(name).matches())) {
                unmatched.add(glob);
            }
        });
        return unmatched;
    }

    private static Map<String, Pattern> compile(String key, List<String> globs) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (String glob : globs) {
            patterns.put(glob, compileGlob(key, glob));
        }
        return Collections.unmodifiableMap(patterns);
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
