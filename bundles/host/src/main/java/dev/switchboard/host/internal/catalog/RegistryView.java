package dev.switchboard.host.internal.catalog;

import java.util.List;
import java.util.Map;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * A catalog snapshot together with the registrations behind its ACTIVE entries, published as one value so that an
 * entry found in the snapshot always finds its provider.
 *
 * @param snapshot  the public catalog
 * @param active    the registration of each ACTIVE entry, by {@code id@version} (unique among ACTIVE entries)
 * @param returning connectors whose provider went away while their bundle stayed installed: being updated
 */
public record RegistryView(CatalogSnapshot snapshot, Map<String, ProviderRegistration> active,
                           List<ReturningConnector> returning) {

    public RegistryView {
        active = Map.copyOf(active);
        returning = List.copyOf(returning);
    }

    public RegistryView(CatalogSnapshot snapshot, Map<String, ProviderRegistration> active) {
        this(snapshot, active, List.of());
    }

    /** The versions of connector {@code id} that are expected back (their bundle is being updated). */
    public List<ReturningConnector> returning(String id) {
        return returning.stream().filter(r -> r.id().equals(id)).toList();
    }

    static String key(String id, String version) {
        return id + "@" + version;
    }

    /** The registration behind an ACTIVE entry of this view's snapshot, or {@code null}. */
    public ProviderRegistration registration(ConnectorEntry entry) {
        return active.get(key(entry.id(), entry.version()));
    }
}
