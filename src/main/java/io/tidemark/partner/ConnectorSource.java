package io.tidemark.partner;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.config.ConfigException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.TableDiscovery;
import io.tidemark.source.SourceDataSource;

/**
 * The source database of one request: Tidemark's read pool (read-only sessions, the session limits) on the
 * form's server, opened for the request and closed after it. Every request carries its configuration, so nothing
 * is kept between requests.
 */
final class ConnectorSource implements AutoCloseable {
    private final TidemarkConfig config;
    private final HikariDataSource pool;

    private ConnectorSource(TidemarkConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /**
     * Connects (one attempt first, so a refused login is one line naming the form field at fault and the server's
     * own reason, never the password).
     *
     * @param connections the pool's size: the tables read at once, plus one
     */
    static ConnectorSource open(TidemarkConfig config, int connections) {
        try {
            return new ConnectorSource(config, SourceDataSource.open(config.source(), connections));
        } catch (ConfigException e) {
            throw ConnectorConfiguration.inFormTerms(e);
        }
    }

    HikariDataSource pool() {
        return pool;
    }

    TidemarkConfig config() {
        return config;
    }

    /** Discovery with the form's schemas, include and exclude globs, and Tidemark's size categories. */
    TableDiscovery discovery() {
        return new TableDiscovery(pool, config.source().selector(), config.sync().smallTableRows(), config.sync().largeTableRows());
    }

    @Override
    public void close() {
        pool.close();
    }
}
