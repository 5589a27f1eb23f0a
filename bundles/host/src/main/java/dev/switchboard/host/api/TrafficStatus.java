package dev.switchboard.host.api;

/**
 * The traffic split of one connector now, with what its guard sees.
 *
 * @param connectorId     the connector
 * @param split           the weights in force (after a rollback: all on the previous version, without a guard)
 * @param guardedVersion  the version the guard watches (the newest of the split), {@code null} without a guard
 * @param previousVersion where the guard moves all traffic, {@code null} without a guard
 * @param windowCalls     calls of the guarded version within the guard's window now
 * @param windowFailures  those of them that failed (5xx, timeout)
 * @param rollback        the automatic rollback that happened, {@code null} while none has
 * @since 1.5.0
 */
public record TrafficStatus(
        String connectorId,
        TrafficSplit split,
        String guardedVersion,
        String previousVersion,
        long windowCalls,
        long windowFailures,
        TrafficRollback rollback) {}
