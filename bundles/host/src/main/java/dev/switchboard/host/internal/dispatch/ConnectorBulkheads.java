package dev.switchboard.host.internal.dispatch;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.BulkheadLoad;

/**
 * The bulkhead and rate limit of every connector id under one set of settings: the dispatcher's pool size and queue
 * (which give the defaults) and the per-connector configurations ({@value ConnectorLimits#PID}). Immutable apart from
 * the bulkheads it creates on first use; replaced as a whole when a setting changes, keeping the bulkheads and rate
 * limits whose own settings did not change, so that a change for one connector does not reset the others' counts.
 * <p>
 * Defaults: a connector may hold half of the connector threads ({@code max.threads / 2}, rounded up) and queue a
 * quarter of the shared queue ({@code queue.capacity / 4}, rounded up). Half, so that one connector that hangs
 * leaves at least the other half of the threads to the rest; a quarter, so that four saturated connectors cannot
 * fill the shared queue on their own. A connector that needs more gets it through its own configuration.
 */
final class ConnectorBulkheads {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorBulkheads.class);

    private final int defaultMaxConcurrent;
    private final int defaultQueueCapacity;
    private final Map<String, ConnectorLimits> overrides;
    /**
     * By connector id, and by {@link #key(String, String) connector and stored connection}; empty (the usual case)
     * when no connector has a rate limit: one check per call.
     */
    private final Map<String, CallRateLimit> rateLimits;

    private final ConcurrentHashMap<String, ConnectorBulkhead> bulkheads;

    private ConnectorBulkheads(
            int defaultMaxConcurrent,
            int defaultQueueCapacity,
            Map<String, ConnectorLimits> overrides,
            Map<String, CallRateLimit> rateLimits,
            ConcurrentHashMap<String, ConnectorBulkhead> bulkheads) {
        this.defaultMaxConcurrent = defaultMaxConcurrent;
        this.defaultQueueCapacity = defaultQueueCapacity;
        this.overrides = overrides;
        this.rateLimits = rateLimits;
        this.bulkheads = bulkheads;
    }

    static int defaultMaxConcurrent(int maxThreads) {
        return Math.max(1, (maxThreads + 1) / 2);
    }

    static int defaultQueueCapacity(int queueCapacity) {
        return Math.max(0, (queueCapacity + 3) / 4);
    }

    /**
     * @param previous the ones in force until now (their unchanged bulkheads and rate limits are kept), or
     *                 {@code null}
     */
    static ConnectorBulkheads of(
            int maxThreads, int queueCapacity, Collection<ConnectorLimits> configured, ConnectorBulkheads previous) {
        Map<String, ConnectorLimits> overrides = new HashMap<>();
        Map<String, ConnectorLimits> perConnection = new HashMap<>();
        for (ConnectorLimits limits : configured) {
            if (limits.connector().isEmpty()) {
                continue;
            }
            ConnectorLimits before = limits.connection() == null
                    ? overrides.put(limits.connector(), limits)
                    : perConnection.put(key(limits.connector(), limits.connection()), limits);
            if (before != null) {
                LOG.warn(
                        "Two {} configurations for connector {}: {} and {}; one of them applies",
                        ConnectorLimits.PID,
                        limits.connector(),
                        before,
                        limits);
            }
        }
        int maxConcurrent = defaultMaxConcurrent(maxThreads);
        int queue = defaultQueueCapacity(queueCapacity);
        Map<String, CallRateLimit> rateLimits = new HashMap<>();
        Map<String, ConnectorLimits> all = new HashMap<>(overrides);
        all.putAll(perConnection);
        all.forEach((key, limits) -> {
            if (limits.rateLimited()) {
                CallRateLimit kept = previous == null ? null : previous.rateLimits.get(key);
                rateLimits.put(
                        key,
                        kept != null && kept.sameAs(limits.ratePerSecond(), limits.burst())
                                ? kept
                                : new CallRateLimit(
                                        limits.connector(),
                                        limits.connection(),
                                        limits.ratePerSecond(),
                                        limits.burst()));
            }
        });
        ConnectorBulkheads next = new ConnectorBulkheads(
                maxConcurrent, queue, Map.copyOf(overrides), Map.copyOf(rateLimits), new ConcurrentHashMap<>());
        if (previous != null) {
            previous.bulkheads.forEach((connector, bulkhead) -> {
                if (bulkhead.maxConcurrent() == next.maxConcurrent(connector)
                        && bulkhead.queueCapacity() == next.queueCapacity(connector)) {
                    next.bulkheads.put(connector, bulkhead);
                }
            });
        }
        return next;
    }

    /** The connector's bulkhead, created on its first call. */
    ConnectorBulkhead bulkhead(String connector) {
        ConnectorBulkhead bulkhead = bulkheads.get(connector);
        return bulkhead != null
                ? bulkhead
                : bulkheads.computeIfAbsent(
                        connector, id -> new ConnectorBulkhead(id, maxConcurrent(id), queueCapacity(id)));
    }

    /** The bulkheads created so far (a moment's view), for metrics. */
    List<BulkheadLoad> loads() {
        return bulkheads.values().stream().map(ConnectorBulkhead::load).toList();
    }

    /** The connector's bulkhead if it has been called, for metrics; never creates one. */
    BulkheadLoad load(String connector) {
        ConnectorBulkhead bulkhead = bulkheads.get(connector);
        return bulkhead == null ? null : bulkhead.load();
    }

    /** The connector's rate limit, {@code null} when it has none. */
    CallRateLimit rateLimit(String connector) {
        return rateLimits.isEmpty() ? null : rateLimits.get(connector);
    }

    /**
     * The first rate limit the call is over: the one of its stored connection, then the connector's; {@code null}
     * when it may go ahead (always, without a lookup, when no rate limit is configured).
     */
    CallRateLimit refusingRateLimit(String connector, String connection) {
        if (rateLimits.isEmpty()) {
            return null;
        }
        if (connection != null) {
            CallRateLimit own = rateLimits.get(key(connector, connection));
            if (own != null && !own.tryAcquire()) {
                return own;
            }
        }
        CallRateLimit shared = rateLimits.get(connector);
        return shared != null && !shared.tryAcquire() ? shared : null;
    }

    /** A connector id and a connection name: no connector id contains a NUL. */
    private static String key(String connector, String connection) {
        return connector + '\0' + connection;
    }

    int maxConcurrent(String connector) {
        ConnectorLimits limits = overrides.get(connector);
        return limits == null ? defaultMaxConcurrent : limits.maxConcurrent(defaultMaxConcurrent);
    }

    int queueCapacity(String connector) {
        ConnectorLimits limits = overrides.get(connector);
        return limits == null ? defaultQueueCapacity : limits.queueCapacity(defaultQueueCapacity);
    }

    @Override
    public String toString() {
        return "per connector max.concurrent=" + defaultMaxConcurrent + ", queue.capacity=" + defaultQueueCapacity
                + (overrides.isEmpty() ? "" : ", overrides " + overrides.values());
    }
}
