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
}
