package dev.switchboard.host.api;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

/**
 * An immutable view of the catalog at one revision.
 *
 * @param revision   changes (increases) on every change of the catalog
 * @param connectors every registered connector version, sorted by id then by version descending
 */
public record CatalogSnapshot(long revision, List<ConnectorEntry> connectors) {

    public CatalogSnapshot {
        connectors = List.copyOf(connectors);
    }

    /** Every registered version of connector {@code id}, highest first, in any state. */
    public List<ConnectorEntry> versionsOf(String id) {
        return connectors.stream().filter(c -> c.id().equals(id)).toList();
    }

    /** Every ACTIVE connector version. */
    public List<ConnectorEntry> active() {
        return connectors.stream()
                .filter(c -> c.state() == ConnectorState.ACTIVE)
                .toList();
    }

    /** The highest ACTIVE version of {@code id}. */
    public Optional<ConnectorEntry> highestActive(String id) {
        return versionsOf(id).stream()
                .filter(c -> c.state() == ConnectorState.ACTIVE)
                .max(Comparator.comparing(ConnectorEntry::osgiVersion));
    }

    /**
     * The highest version of {@code id} that matches {@code versionSpec}.
     *
     * @param versionSpec {@code null} or blank for any version; an exact version ({@code 1.2.0}, which matches any
     *                    qualifier of 1.2.0 unless a qualifier is given); or an OSGi range ({@code [1.0,2.0)})
     * @param activeOnly  {@code true} to consider ACTIVE versions only
     * @throws IllegalArgumentException when {@code versionSpec} is neither a version nor a range
     */
    public Optional<ConnectorEntry> select(String id, String versionSpec, boolean activeOnly) {
        return versionsOf(id).stream()
                .filter(c -> !activeOnly || c.state() == ConnectorState.ACTIVE)
                .filter(c -> matches(versionSpec, c.osgiVersion()))
                .max(Comparator.comparing(ConnectorEntry::osgiVersion));
    }

    /**
     * Whether {@code version} satisfies {@code versionSpec} (see {@link #select}).
     *
     * @throws IllegalArgumentException when {@code versionSpec} is neither a version nor a range
     */
    public static boolean matches(String versionSpec, Version version) {
        if (versionSpec == null || versionSpec.isBlank()) {
            return true;
        }
        String spec = versionSpec.trim();
        char first = spec.charAt(0);
        if (first == '[' || first == '(') {
            return VersionRange.valueOf(spec).includes(version);
        }
        Version wanted = Version.parseVersion(spec);
        boolean qualified = spec.chars().filter(ch -> ch == '.').count() >= 3;
        if (qualified) {
            return wanted.equals(version);
        }
        return wanted.getMajor() == version.getMajor()
                && wanted.getMinor() == version.getMinor()
                && wanted.getMicro() == version.getMicro();
    }
}
