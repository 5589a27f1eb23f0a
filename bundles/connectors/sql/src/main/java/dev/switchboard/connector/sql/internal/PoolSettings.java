package dev.switchboard.connector.sql.internal;

/** {@link SqlConnectorConfiguration} as plain values, so that tests need no annotation instance. */
record PoolSettings(
        int maxPools, long connectionTimeoutMs, int queryTimeoutSeconds, long idleTimeoutMs, long triggerBackoffMaxMs) {

    static final long DEFAULT_TRIGGER_BACKOFF_MAX_MS = 60_000;
    static final PoolSettings DEFAULTS = new PoolSettings(16, 10_000, 60, 600_000);

    PoolSettings {
        if (maxPools < 1) {
            throw new IllegalArgumentException("max.pools must be at least 1: " + maxPools);
        }
        // Hikari refuses less than 250 ms
        connectionTimeoutMs = Math.max(250, connectionTimeoutMs);
        queryTimeoutSeconds = Math.max(0, queryTimeoutSeconds);
        idleTimeoutMs = Math.max(10_000, idleTimeoutMs);
        triggerBackoffMaxMs = Math.max(1000, triggerBackoffMaxMs);
    }

    /** The default backoff cap. */
    PoolSettings(int maxPools, long connectionTimeoutMs, int queryTimeoutSeconds, long idleTimeoutMs) {
        this(maxPools, connectionTimeoutMs, queryTimeoutSeconds, idleTimeoutMs, DEFAULT_TRIGGER_BACKOFF_MAX_MS);
    }

    static PoolSettings of(SqlConnectorConfiguration config) {
        return new PoolSettings(
                config.max_pools(),
                config.connection_timeout_ms(),
                config.query_timeout_seconds(),
                config.idle_timeout_ms(),
                config.trigger_backoff_max_ms());
    }
}
