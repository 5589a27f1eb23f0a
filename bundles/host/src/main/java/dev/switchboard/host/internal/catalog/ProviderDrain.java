package dev.switchboard.host.internal.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for the calls in flight on a provider that goes away: its unbind blocks (and with it the framework's
 * unregistration, stop or update of the bundle) until they are over or {@code drain.timeout.ms} has passed, and says
 * which in the log.
 */
final class ProviderDrain {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderDrain.class);

    private ProviderDrain() {}

    /** Blocks the unregistration (the framework waits for this unbind) until the calls in flight are over. */
    static void await(ProviderRegistration removed, String label, int inFlight, long drainTimeoutMs) {
        LOG.info(
                "Connector {} from bundle {} is going away; waiting up to {} ms for {} call(s) in flight",
                label,
                removed.bundle().symbolicName(),
                drainTimeoutMs,
                inFlight);
        long start = System.nanoTime();
        try {
            if (removed.inFlight().awaitIdle(drainTimeoutMs)) {
                LOG.info(
                        "Connector {}: the calls in flight finished in {} ms",
                        label,
                        (System.nanoTime() - start) / 1_000_000);
            } else {
                LOG.warn(
                        "Connector {}: {} call(s) still in flight after {} ms ({} drain.timeout.ms); letting it go, "
                                + "they may fail",
                        label,
                        removed.inFlight().count(),
                        drainTimeoutMs,
                        ManifestAggregator.PID);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn(
                    "Connector {}: interrupted while waiting for {} call(s) in flight; letting it go",
                    label,
                    removed.inFlight().count());
        }
    }
}
