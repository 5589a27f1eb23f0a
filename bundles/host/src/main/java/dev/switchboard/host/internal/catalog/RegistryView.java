package dev.switchboard.host.internal.catalog;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * @param byId      the snapshot's entries by connector id, in snapshot order (highest version first): derived from
 *                  {@code snapshot} once per revision, so that a call does not scan the whole catalog
 * @param byEntry   {@code active} keyed by the snapshot's entry objects (identity), derived the same way
 */
public record RegistryView(
        CatalogSnapshot snapshot,
        Map<String, ProviderRegistration> active,
        List<ReturningConnector> returning,
        Map<String, List<ConnectorEntry>> byId,
        Map<ConnectorEntry, ProviderRegistration> byEntry) {

    public RegistryView {
        active = Map.copyOf(active);
        returning = List.copyOf(returning);
        byId = Map.copyOf(byId);
        byEntry = Collections.unmodifiableMap(byEntry); // an identity map: Map.copyOf would compare entries deeply
    }

    /** With {@code byEntry} built by the caller, who already knows the registration of each ACTIVE entry. */
    public RegistryView(
            CatalogSnapshot snapshot,
            Map<String, ProviderRegistration> active,
            List<ReturningConnector> returning,
            Map<ConnectorEntry, ProviderRegistration> byEntry) {
        this(snapshot, active, returning, index(snapshot), byEntry);
    }

    /** Without the identity index: {@link #registration} then finds an entry by {@code id@version}. */
    public RegistryView(CatalogSnapshot snapshot, Map<String, ProviderRegistration> active) {
        this(snapshot, active, List.of(), new IdentityHashMap<>());
    }

    /** Every registered version of connector {@code id}, highest first, in any state: {@code snapshot().versionsOf(id)}. */
    public List<ConnectorEntry> versionsOf(String id) {
        return byId.getOrDefault(id, List.of());
    }

    private static Map<String, List<ConnectorEntry>> index(CatalogSnapshot snapshot) {
        Map<String, List<ConnectorEntry>> index = new HashMap<>();
        for (ConnectorEntry entry : snapshot.connectors()) {
            index.computeIfAbsent(entry.id(), id -> new java.util.ArrayList<>()).add(entry);
        }
        index.replaceAll((id, entries) -> List.copyOf(entries));
        return index;
    }

    /** The versions of connector {@code id} that are expected back (their bundle is being updated). */
    public List<ReturningConnector> returning(String id) {
        if (returning.isEmpty()) {
            return List.of();
        }
        return returning.stream().filter(r -> r.id().equals(id)).toList();
    }

    static String key(String id, String version) {
        return id + "@" + version;
    }

    /** The registration behind an ACTIVE entry of this view's snapshot, or {@code null}; by identity, else by key. */
    public ProviderRegistration registration(ConnectorEntry entry) {
        ProviderRegistration registration = byEntry.get(entry);
        return registration != null ? registration : active.get(key(entry.id(), entry.version()));
    }
}
