package io.tidemark.config;

import java.util.List;

/** Every {@code tidemark.*} property of the contract. Any other {@code tidemark.*} key is a typo and refused. */
public final class ConfigKeys {
    private ConfigKeys() {
    }

    public static final List<String> ALL = List.of(
            "tidemark.profile",
            "tidemark.source.jdbc-url", "tidemark.source.username", "tidemark.source.password",
            "tidemark.source.schemas", "tidemark.source.include-tables", "tidemark.source.exclude-tables",
            "tidemark.sync.cron", "tidemark.sync.small-table-rows", "tidemark.sync.large-table-rows",
            "tidemark.sync.batch-size", "tidemark.sync.threads", "tidemark.sync.queue-size",
            "tidemark.sync.region", "tidemark.sync.region-column",
            "tidemark.sync.cursor-columns", "tidemark.sync.cursor-lag", "tidemark.sync.timestamp-time-zone", "tidemark.sync.table-filters",
            "tidemark.sync.max-retries", "tidemark.preprocess.sql", "tidemark.preprocess.tables", "tidemark.sync.retry-delay", "tidemark.sync.max-retry-delay",
            "tidemark.monitor.memory-high-percent", "tidemark.monitor.memory-critical-percent",
            "tidemark.monitor.cpu-high-percent", "tidemark.monitor.cpu-critical-percent",
            "tidemark.monitor.interval", "tidemark.monitor.disk-critical-percent", "tidemark.monitor.hysteresis-percent",
            "tidemark.sink.type", "tidemark.sink.directory", "tidemark.sink.jdbc-url", "tidemark.sink.username",
            "tidemark.sink.password", "tidemark.sink.schema", "tidemark.sink.uri",
            "tidemark.state.type", "tidemark.state.directory", "tidemark.state.jdbc-url",
            "tidemark.state.username", "tidemark.state.password",
            "tidemark.freshness.enabled", "tidemark.freshness.cron", "tidemark.freshness.query",
            "tidemark.freshness.status-column", "tidemark.freshness.stale-value",
            "tidemark.freshness.threshold-percent", "tidemark.freshness.statement-timeout",
            "tidemark.freshness.mode", "tidemark.freshness.max-age",
            "tidemark.fivetran.base-url", "tidemark.fivetran.api-key", "tidemark.fivetran.api-secret",
            "tidemark.fivetran.connection-id", "tidemark.fivetran.force", "tidemark.fivetran.unpause",
            "tidemark.fivetran.cooldown", "tidemark.fivetran.wait-for-completion",
            "tidemark.fivetran.poll-interval", "tidemark.fivetran.wait-timeout",
            "tidemark.fivetran.max-retries", "tidemark.fivetran.retry-delay", "tidemark.fivetran.max-retry-delay",
            "tidemark.fivetran.connect-timeout", "tidemark.fivetran.response-timeout",
            "tidemark.cluster.enabled", "tidemark.cluster.jdbc-url", "tidemark.cluster.username",
            "tidemark.cluster.password");
}
