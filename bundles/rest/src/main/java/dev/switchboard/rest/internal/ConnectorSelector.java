package dev.switchboard.rest.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.osgi.framework.Version;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/** Picks the connector version a request means, with the API's errors when there is none. */
final class ConnectorSelector {

    private ConnectorSelector() {}

    /**
     * The highest ACTIVE version of {@code id} matching {@code versionSpec}; when none is ACTIVE, the highest matching
     * version in any state, so a failed or loading version can still be looked at.
     *
     * @throws ApiError 400 InvalidVersion, 404 ConnectorNotFound or 404 VersionNotFound
     */
    static ConnectorEntry select(CatalogSnapshot snapshot, String id, String versionSpec) {
        checkVersionSpec(versionSpec);
        List<ConnectorEntry> versions = snapshot.versionsOf(id);
        if (versions.isEmpty()) {
            throw ApiError.notFound("ConnectorNotFound", "There is no connector '" + id + "'.");
        }
        return snapshot.select(id, versionSpec, true)
                .or(() -> snapshot.select(id, versionSpec, false))
                .orElseThrow(() -> ApiError.notFound(
                        "VersionNotFound",
                        "Connector '" + id + "' has no version matching '"
                                + versionSpec + "'; its versions are "
                                + versions.stream().map(ConnectorEntry::version).collect(Collectors.joining(", "))
                                + "."));
    }

    /**
     * @throws ApiError 400 InvalidVersion when {@code versionSpec} is neither absent, a version nor an OSGi range
     */
    static void checkVersionSpec(String versionSpec) {
        try {
            CatalogSnapshot.matches(versionSpec, Version.emptyVersion);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                    "InvalidVersion",
                    "'" + versionSpec + "' is neither a version (1.2.0) nor an OSGi version range ([1.0,2.0)).");
        }
    }
}
