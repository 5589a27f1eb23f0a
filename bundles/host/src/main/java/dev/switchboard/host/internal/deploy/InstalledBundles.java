package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * The installed bundles by id and by the file they were installed from, and the catalog's entries by bundle id, built
 * once per report: classifying n files then costs O(n) lookups instead of a scan of every bundle (and of every
 * catalog entry) per file, which made a report of 2,000 connectors cost millions of path comparisons and file-system
 * calls.
 */
final class InstalledBundles {

    private final List<InstalledBundle> all;
    private final Map<Long, InstalledBundle> byId = new HashMap<>();
    private final Map<Path, InstalledBundle> byFile = new HashMap<>();
    private final Map<Long, List<ConnectorEntry>> entries = new HashMap<>();

    InstalledBundles(List<InstalledBundle> bundles, CatalogSnapshot catalog) {
        this.all = bundles;
        for (InstalledBundle bundle : bundles) {
            byId.putIfAbsent(bundle.info().id(), bundle);
            Path file = DeployFolderPaths.locationPath(bundle.info().location());
            if (file != null) {
                byFile.putIfAbsent(file, bundle);
            }
        }
        for (ConnectorEntry entry : catalog.connectors()) {
            if (entry.bundle() != null) {
                entries.computeIfAbsent(entry.bundle().id(), id -> new ArrayList<>())
                        .add(entry);
            }
        }
    }

    List<InstalledBundle> all() {
        return all;
    }

    InstalledBundle byId(long id) {
        return byId.get(id);
    }

    /**
     * The bundle installed from the file: by its normalised path, else (a link to it, another spelling) by asking the
     * file system about each bundle's file, as {@link DeployFolderPaths#installedFrom} does.
     */
    InstalledBundle installedFrom(Path file) {
        InstalledBundle exact = byFile.get(file.toAbsolutePath().normalize());
        return exact != null ? exact : DeployFolderPaths.installedFrom(file, all);
    }

    /** The catalog's entries of the bundle, in catalog order. */
    List<ConnectorEntry> entriesOf(long bundleId) {
        return entries.getOrDefault(bundleId, List.of());
    }
}
