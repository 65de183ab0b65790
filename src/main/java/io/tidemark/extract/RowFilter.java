package io.tidemark.extract;

import java.util.ArrayList;
import java.util.List;

/**
 * Conditions every read of a table keeps to (the configured {@code where}, the region), as SQL with {@code ?}
 * placeholders and the values bound to them. The {@code where} text is the operator's configuration, checked
 * against the table at start-up; values such as the region are always bound, never put into the SQL.
 */
public record RowFilter(String sql, List<String> parameters) {
    public static final RowFilter NONE = new RowFilter(null, List.of());

    public boolean isNone() {
        return sql == null;
    }

    /** This filter and {@code condition} (with its parameters), both required. */
    public RowFilter and(String condition, List<String> conditionParameters) {
        List<String> all = new ArrayList<>(parameters);
        all.addAll(conditionParameters);
        return new RowFilter(sql == null ? condition : sql + " AND " + condition, List.copyOf(all));
    }
}
