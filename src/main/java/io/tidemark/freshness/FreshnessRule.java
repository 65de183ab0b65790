package io.tidemark.freshness;

import java.sql.SQLException;
import java.util.List;

/**
 * How the freshness check judges the source: the share of stale rows a query reports (ratio), or the
 * age of each table's newest row (max-age). A rule reads, it never writes: the check records what it returns.
 */
public interface FreshnessRule {

    /** The columns of the rows to record in {@code _tidemark.data_freshness_monitor}, and the judged groups. */
    record Evaluation(List<String> columns, List<FreshnessGroup> groups) {
    }

    Evaluation evaluate() throws SQLException;
}
