package io.tidemark.freshness;

import io.tidemark.config.ConfigException;
import io.tidemark.config.MaxAgeTables;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.CursorDetector;
import io.tidemark.source.ReadTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The max-age rule (as dbt source freshness and Soda judge sources): each table that a
 * {@code tidemark.freshness.max-age} glob names ({@link MaxAgeTargets}) is as old as its newest row, judged by
 * {@link MaxAgeJudge}. One table in error means the data downstream is stale, so its connections need a sync.
 * Tables are judged in groups of the same connections.
 * <p>
 * The ages come from the database's own {@code now()}, one instant for every table (all queries run in one
 * read-only transaction), so that the JVM's clock and the writers' never disagree with it.
 */
public final class MaxAgeRule implements FreshnessRule {
    private static final Logger LOG = LoggerFactory.getLogger(MaxAgeRule.class);
    public static final List<String> COLUMNS = List.of("table_name", "column_name", "latest_value", "age_seconds",
            "warn_after_seconds", "error_after_seconds", "status");

    private final DataSource source;
    private final MaxAgeTargets targets;
    private final MaxAgeJudge judge;
    private final Duration statementTimeout;
    private final List<String> connectionIds;

    /**
     * @param source        the read pool (read-only transactions, autoCommit off)
     * @param discovery     the source's tables, include and exclude globs applied
     * @param zone          {@code tidemark.sync.timestamp-time-zone}; empty for the session's (the JVM's)
     * @param connectionIds {@code tidemark.fivetran.connection-id}: the connections of entries that name none
     */
    public MaxAgeRule(DataSource source, TableDiscovery discovery, MaxAgeTables tables, CursorDetector cursors,
                      String zone, Duration statementTimeout, List<String> connectionIds) {
        this.source = source;
        this.targets = new MaxAgeTargets(discovery, tables, cursors);
        this.judge = new MaxAgeJudge(zone);
        this.statementTimeout = statementTimeout;
        this.connectionIds = List.copyOf(connectionIds);
    }

    /** Checks the configuration against the source before anything runs (see {@link MaxAgeTargets}). */
    public void check() throws SQLException {
        MaxAgeTargets.Found found = targets.find();
        if (found.problem() != null) {
            throw new ConfigException(MaxAgeTables.KEY, found.problem());
        }
    }

    /**
     * Judges every table. A glob or column that no longer fits the source, or a query that fails (or runs past
     * the statement timeout), fails the whole check with the table named: a partial answer could miss the
     * one stale table.
     */
    @Override
    public Evaluation evaluate() throws SQLException {
        MaxAgeTargets.Found found = targets.find();
        if (found.problem() != null) {
            throw new SQLException(MaxAgeTables.KEY + ": " + found.problem());
        }
        List<JudgedTable> judged = new ArrayList<>();
        try (Connection connection = source.getConnection()) {
            try {
                ReadTransactions.limitStatements(connection, statementTimeout);
                for (MaxAgeTarget target : found.targets()) {
                    judged.add(judge.judge(connection, target));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                ReadTransactions.rollbackAfter(connection, e);
                throw e;
            }
        }
        for (JudgedTable table : judged) {
            if (table.status() == MaxAgeStatus.ERROR) {
                LOG.warn("freshness max-age: {} is older than its error-after ({})", table.name(), MaxAgeReasons.detail(table));
            } else if (table.status() == MaxAgeStatus.WARN) {
                LOG.warn("freshness max-age: {} is older than its warn-after ({})", table.name(), MaxAgeReasons.detail(table));
            }
        }
        return new Evaluation(COLUMNS, groups(judged));
    }

    /** One group per list of connections (in any order), in the order the tables name them. */
    private List<FreshnessGroup> groups(List<JudgedTable> judged) {
        Map<Set<String>, List<JudgedTable>> byConnections = new LinkedHashMap<>();
        for (JudgedTable table : judged) {
            byConnections.computeIfAbsent(new LinkedHashSet<>(table.target().connections(connectionIds)),
                    ids -> new ArrayList<>()).add(table);
        }
        List<FreshnessGroup> groups = new ArrayList<>();
        byConnections.forEach((ids, members) -> {
            long errors = members.stream().filter(t -> t.status() == MaxAgeStatus.ERROR).count();
            groups.add(new FreshnessGroup(List.copyOf(ids),
                    FreshnessDecision.maxAge(errors, members.size(), MaxAgeReasons.decision(members)),
                    members.stream().map(JudgedTable::row).toList()));
        });
        return groups;
    }
}
