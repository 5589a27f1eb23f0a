package dev.switchboard.host.api;

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
}
