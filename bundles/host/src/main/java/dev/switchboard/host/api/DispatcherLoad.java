package dev.switchboard.host.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How busy the host's dispatcher is right now, for metrics gauges.
 *
 * @since 1.4.0
 */
@ProviderType
public interface DispatcherLoad {

    /** Calls running in a connector right now: on a connector thread or on their caller's thread. */
    int activeCalls();

    /** Calls accepted and waiting for a connector thread. */
    int queuedCalls();

    /**
     * The bulkheads of the connectors called so far (one per connector id, created on its first call).
     *
     * @since 1.5.0
     */
    default List<BulkheadLoad> bulkheads() {
        return List.of();
    }

    /**
     * The bulkhead of one connector, {@code null} when it has none (never called).
     *
     * @since 1.5.0
     */
    default BulkheadLoad bulkhead(String connectorId) {
        return null;
    }
}
