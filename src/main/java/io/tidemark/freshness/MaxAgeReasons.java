package io.tidemark.freshness;

import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import org.apache.camel.util.TimeUtils;

/** The max-age rule's reasons in words: why a table is in warn or error, and the decision on a group of tables. */
final class MaxAgeReasons {
    /** Tables named in a decision's reason; the monitor rows hold them all. */
    private static final int LISTED = 5;

    private MaxAgeReasons() {
    }

    /**
     * Why a table in warn or error is: {@code 10h0m5s > 6h0m0s}, its age beyond the limit it passed; or what it
     * lacks ({@code no rows}), or the infinite value it holds.
     */
    static String detail(JudgedTable table) {
        if (table.latest() == null) {
            return table.hasRows() ? "no " + table.target().column().name() + " values" : "no rows";
        }
        if (table.ageSeconds() == null) {
            return table.latest();
        }
        Duration limit = table.status() == MaxAgeStatus.ERROR ? table.target().limits().errorAfter()
                : table.target().limits().warnAfter();
        // precise: the age must read as more than the limit, also when they differ by seconds
        return TimeUtils.printDuration(Duration.ofSeconds(table.ageSeconds()), true) + " > "
                + TimeUtils.printDuration(limit, true);
    }

    /** The decision's reason on tables judged together: how many are in error and in warn, and which. */
    static String decision(List<JudgedTable> members) {
        List<JudgedTable> errors = members.stream().filter(t -> t.status() == MaxAgeStatus.ERROR).toList();
        List<JudgedTable> warnings = members.stream().filter(t -> t.status() == MaxAgeStatus.WARN).toList();
        String reason = errors.size() + " of " + members.size() + (members.size() == 1 ? " table" : " tables")
                + " older than their error-after" + listed(errors);
        if (!warnings.isEmpty()) {
            reason += "; " + warnings.size() + " older than their warn-after" + listed(warnings);
        }
        return reason;
    }

    private static String listed(List<JudgedTable> tables) {
        if (tables.isEmpty()) {
            return "";
        }
        StringJoiner names = new StringJoiner(", ", ": ", tables.size() > LISTED ? ", …" : "");
        tables.stream().limit(LISTED).forEach(t -> names.add(t.name() + " (" + detail(t) + ")"));
        return names.toString();
    }
}
