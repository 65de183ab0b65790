package io.tidemark.app;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.Settings;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.SelectionCheck;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.extract.CursorDetector;
import io.tidemark.freshness.FreshnessQuery;
import io.tidemark.freshness.MaxAgeRule;
import io.tidemark.run.TableFilterCheck;
import java.sql.SQLException;

/**
 * What is checked against the source before anything runs: settings that name tables, columns or a query must
 * fit the source they are used on. A misfit is a configuration error (one line, exit 2); a source that cannot
 * be read for the check is a start-up failure.
 */
final class StartupChecks {
    private final TidemarkConfig config;
    private final HikariDataSource source;

    StartupChecks(TidemarkConfig config, HikariDataSource source) {
        this.config = config;
        this.source = source;
    }

    /** The schemas, include and exclude globs must select at least one table the source user may read. */
    void tableSelection(TableDiscovery discovery) {
        try {
            SelectionCheck.check(config.source().selector(), config.source().username(), discovery.selectionSource());
        } catch (SQLException e) {
            throw new IllegalStateException("Checking the table selection failed: " + e.getMessage(), e);
        }
    }

    /** Table filters must fit the tables they name. */
    void tableFilters(TableDiscovery discovery, CursorDetector cursors) {
        if (config.sync().tableFilters().isEmpty()) {
            return;
        }
        try {
            new TableFilterCheck(source, cursors).check(config.sync().tableFilters(), discovery.discover());
        } catch (SQLException e) {
            throw new IllegalStateException("Checking the table filters failed: " + e.getMessage(), e);
        }
    }

    /**
     * The freshness query must run (with credentials, every judged row needs a connection: configured, or named
     * by the query). Returns why the check is skipped on this source, or null (see {@link FreshnessQuery#check}).
     */
    String freshnessQuery(FreshnessQuery query) {
        TidemarkConfig.Fivetran fivetran = config.fivetran();
        boolean connectionColumnRequired = !fivetran.dryRun() && fivetran.connectionIds().isEmpty();
        return query.check(config.freshness().demoQuery(), connectionColumnRequired);
    }

    /** The max-age tables must exist and have a usable column; with credentials, each needs a connection. */
    void maxAgeTables(MaxAgeRule rule) {
        try {
            rule.check();
        } catch (SQLException e) {
            throw new IllegalStateException("Checking tidemark.freshness.max-age failed: " + e.getMessage(), e);
        }
        TidemarkConfig.Fivetran fivetran = config.fivetran();
        if (!fivetran.dryRun() && fivetran.connectionIds().isEmpty()
                && !config.freshness().maxAge().tables().everyEntryNamesConnections()) {
            throw new ConfigException(Settings.FIVETRAN_CONNECTION_ID.key(), "must be set when the Fivetran API key is set,"
                    + " unless every tidemark.freshness.max-age entry names its connection-id");
        }
    }
}
