package dev.switchboard.host.api;

import org.osgi.annotation.versioning.ProviderType;

/** The combined catalog of every registered connector version. */
@ProviderType
public interface ConnectorCatalog {

    /**
     * The current catalog. A snapshot is immutable and complete: a reader never sees half an update, and the
     * snapshot's {@link CatalogSnapshot#revision() revision} changes whenever anything in it changes.
     */
    CatalogSnapshot snapshot();

    /**
     * Whether changes (a connector registered or gone, a manifest loaded) are waiting to be published: the snapshot is
     * about to change. Registrations are published together, a few milliseconds after they happen, so a readiness
     * check must not take a snapshot without a just-started connector for a settled catalog.
     *
     * @return {@code true} while a publication is pending
     * @since 1.8
     */
    default boolean publishing() {
        return false;
    }
}
