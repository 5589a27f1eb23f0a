package dev.switchboard.host.internal.catalog;

import java.util.Map;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * A catalog snapshot together with the registrations behind its ACTIVE entries, published as one value so that an
 * entry found in the snapshot always finds its provider.
 *
 * @param snapshot the public catalog
 * @param active   the registration of each ACTIVE entry, by {@code id@version} (unique among ACTIVE entries)
 */
public record RegistryView(CatalogSnapshot snapshot, Map<String, ProviderRegistration> active) {

    public RegistryView {
        active = Map.copyOf(active);
    }

    static String key(String id, String version) {
        return id + "@" + version;
    }

    /** The registration behind an ACTIVE entry of this view's snapshot, or {@code null}. */
    public ProviderRegistration registration(ConnectorEntry entry) {
        return active.get(key(entry.id(), entry.version()));
    }
}
