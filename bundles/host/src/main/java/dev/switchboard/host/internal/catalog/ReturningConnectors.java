package dev.switchboard.host.internal.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an update from a removal. When a provider goes away while its bundle stays installed, its connector is
 * remembered as returning until either the same bundle has registered providers again and all of them are loaded
 * (the update is over, whatever version came back), or the bundle is uninstalled (the connector is gone for good).
 * <p>
 * Not thread-safe: {@link ManifestAggregator} calls it under its lock.
 */
final class ReturningConnectors {

    private static final Logger LOG = LoggerFactory.getLogger(ReturningConnectors.class);

    /**
     * @param connector what went away
     * @param after     the highest service id known when it went away: only services registered later (higher
     *                  ids, as the framework counts up) are the bundle coming back, not its other providers that are
     *                  still being unregistered
     */
    private record Entry(ReturningConnector connector, long after) {}

    private final List<Entry> returning = new ArrayList<>();

    /** Remembers a connector whose provider was just unregistered from a bundle that is still installed. */
    void remember(ReturningConnector connector, long highestServiceId) {
        returning.add(new Entry(connector, highestServiceId));
        LOG.debug("Connector {} is expected back: its bundle is still installed", connector.describe());
    }

    /** The bundle was uninstalled: its connectors will not come back. {@code true} when anything was forgotten. */
    boolean bundleUninstalled(long bundleId) {
        List<Entry> gone = returning.stream()
                .filter(r -> r.connector().bundle().id() == bundleId)
                .toList();
        for (Entry entry : gone) {
            LOG.info(
                    "Connector {} is gone: its bundle was uninstalled",
                    entry.connector().describe());
        }
        return returning.removeAll(gone);
    }

    /**
     * Forgets the connectors of every bundle that has providers registered again, all of them loaded: whatever they
     * are now is what the catalog says.
     */
    void settle(Collection<ProviderRegistration> registrations) {
        if (returning.isEmpty()) {
            return;
        }
        returning.removeIf(r -> isBack(r, registrations));
    }

    List<ReturningConnector> list() {
        return returning.stream().map(Entry::connector).toList();
    }

    private static boolean isBack(Entry entry, Collection<ProviderRegistration> registrations) {
        boolean any = false;
        for (ProviderRegistration registration : registrations) {
            if (registration.bundle().id() == entry.connector().bundle().id()
                    && registration.serviceId() > entry.after()) {
                if (registration.outcome() == null) {
                    return false; // still LOADING: its id is not known yet
                }
                any = true;
            }
        }
        return any;
    }
}
