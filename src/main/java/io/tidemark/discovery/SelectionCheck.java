package io.tidemark.discovery;

import io.tidemark.config.ConfigException;
import io.tidemark.config.Settings;
import io.tidemark.config.TableSelector;
import java.util.List;

/**
 * Whether the configured selection can sync anything on this source, checked at start-up: a schema that does not
 * exist, an include glob that matches no table, excludes that leave nothing, or a source user who may read none
 * of the selected tables would otherwise run zero tables and exit 0, so a typo would silently sync nothing. Each
 * is a configuration error naming its property. A source that simply has no tables yet, with nothing configured
 * to select, is not an error.
 */
public final class SelectionCheck {
    /** A table of the configured schemas, selected or not. */
    public record ListedTable(String schema, String name, boolean readable) {
        String qualifiedName() {
            return schema + "." + name;
        }
    }

    /** What the source has: the configured schemas it lacks, and every table of the schemas looked in. */
    public record Source(List<String> missingSchemas, List<ListedTable> tables) {
    }

    private SelectionCheck() {
    }

    /** Throws a {@link ConfigException} naming the property whose selection cannot work on {@code source}. */
    public static void check(TableSelector selector, String username, Source source) {
        if (!source.missingSchemas().isEmpty()) {
            throw new ConfigException(Settings.SOURCE_SCHEMAS.key(), (source.missingSchemas().size() == 1 ? "schema " : "schemas ")
                    + quoted(source.missingSchemas()) + " not found in the source");
        }
        List<String> names = source.tables().stream().map(ListedTable::qualifiedName).toList();
        List<String> unmatched = selector.includesMatchingNone(names);
        if (!unmatched.isEmpty()) {
            throw new ConfigException(Settings.SOURCE_INCLUDE_TABLES.key(), quoted(unmatched) + " matches no table"
                    + (selector.schemas().isEmpty() ? "" : " in the schemas " + quoted(selector.schemas())));
        }
        List<ListedTable> included = source.tables().stream().filter(t -> selector.includes(t.qualifiedName())).toList();
        List<ListedTable> selected = included.stream().filter(t -> selector.selects(t.schema(), t.name())).toList();
        if (selected.isEmpty() && !included.isEmpty()) {
            throw new ConfigException(Settings.SOURCE_EXCLUDE_TABLES.key(), "excludes every table the selection includes ("
                    + included.size() + (included.size() == 1 ? " table)" : " tables)"));
        }
        if (!selected.isEmpty() && selected.stream().noneMatch(ListedTable::readable)) {
            throw new ConfigException(Settings.SOURCE_USERNAME.key(), (username.isEmpty() ? "the source user" : "'" + username + "'")
                    + " may not SELECT any of the " + selected.size() + " selected tables (GRANT SELECT on them, and USAGE on their schemas)");
        }
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }
}
