package dev.switchboard.host.api;

import java.time.Instant;

/**
 * A traffic split's guard moved all traffic back: from the version that failed to the previous one, when and why.
 *
 * @since 1.5.0
 */
public record TrafficRollback(String fromVersion, String toVersion, Instant at, String reason) {}
