package dev.switchboard.host.internal.catalog;

import java.util.concurrent.CompletionStage;

/**
 * The catalog's inside, for the dispatcher of this bundle: the snapshot plus the provider objects behind it.
 * Registered as a service by {@link ManifestAggregator}; the package is private to the host bundle.
 */
public interface ConnectorRegistry {

    /** The current view; immutable, replaced as a whole on every change. */
    RegistryView view();

    /**
     * Completes with the first view whose revision is above {@code revision}: at once when the current one already
     * is. Lets a caller wait for the catalog to change without holding a thread. The stage completes on the thread
     * that changed the catalog (often the framework's): move real work elsewhere.
     */
    CompletionStage<RegistryView> changeAfter(long revision);
}
