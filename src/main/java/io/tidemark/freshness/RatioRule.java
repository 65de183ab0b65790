package io.tidemark.freshness;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ratio rule (README, "Freshness check and Fivetran trigger"): run the freshness query and compare the share
 * of rows whose status column holds the stale value with the threshold. When the query returns a
 * {@code connection_id} column, each connection's rows are judged on their own; rows without one belong to the
 * configured connections.
 */
public final class RatioRule implements FreshnessRule {
    public static final String CONNECTION_COLUMN = "connection_id";

    private final FreshnessQuery query;
    private final String staleValue;
    private final double thresholdPercent;
    private final List<String> connectionIds;

    public RatioRule(FreshnessQuery query, String staleValue, double thresholdPercent, List<String> connectionIds) {
        this.query = query;
        this.staleValue = staleValue;
        this.thresholdPercent = thresholdPercent;
        this.connectionIds = List.copyOf(connectionIds);
    }

    @Override
    public Evaluation evaluate() throws SQLException {
        FreshnessQuery.Result result = query.run();
        int connectionIndex = result.columns().indexOf(CONNECTION_COLUMN);
        // the configured connections first (also when the query returned no rows), then each named in the rows
        Map<String, List<Object[]>> byConnection = new LinkedHashMap<>();
        byConnection.put(null, new ArrayList<>());
        for (Object[] row : result.rows()) {
            Object named = connectionIndex < 0 ? null : row[connectionIndex];
            byConnection.computeIfAbsent(named == null ? null : named.toString(), id -> new ArrayList<>()).add(row);
        }
        List<FreshnessGroup> groups = new ArrayList<>();
        byConnection.forEach((connection, rows) -> {
            if (connection != null || !rows.isEmpty() || byConnection.size() == 1) {
                long stale = rows.stream().filter(row -> Objects.equals(row[result.statusIndex()], staleValue)).count();
                groups.add(new FreshnessGroup(connection == null ? connectionIds : List.of(connection),
                        FreshnessDecision.of(stale, rows.size(), thresholdPercent), rows));
            }
        });
        return new Evaluation(result.columns(), groups);
    }
}
