package dev.switchboard.host.api;

/**
 * How full one connector's bulkhead is right now, for metrics: its calls holding a permit ({@code active}, running or
 * waiting for a connector thread), those waiting in its own queue, and how many it has refused (503 ConnectorBusy)
 * since the bulkhead was created, with its limits.
 *
 * @param connectorId   the connector id
 * @param active        calls holding a permit now
 * @param queued        calls waiting for a permit now
 * @param rejected      calls refused because its permits and its queue were taken (a count that restarts when the
 *                      connector's limits change)
 * @param maxConcurrent its permits
 * @param queueCapacity its queue's size
 * @since 1.5.0
 */
public record BulkheadLoad(
        String connectorId, int active, int queued, long rejected, int maxConcurrent, int queueCapacity) {}
