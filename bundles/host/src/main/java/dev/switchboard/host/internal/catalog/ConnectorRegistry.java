package dev.switchboard.host.internal.catalog;

/**
 * The catalog's inside, for the dispatcher of this bundle: the snapshot plus the provider objects behind it.
 * Registered as a service by {@link ManifestAggregator}; the package is private to the host bundle.
 */
public interface ConnectorRegistry {

    /** The current view; immutable, replaced as a whole on every change. */
    RegistryView view();
}
