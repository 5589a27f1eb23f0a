package dev.switchboard.triggers.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.triggers.api.SubscriptionState;
import dev.switchboard.triggers.internal.Resolution.Parked;

/**
 * Finds what a subscription runs on: the connector version the catalog selects, the provider its bundle registered
 * and the {@link TriggerBinding} of the type the provider names. Keeps the registered providers and bindings, each
 * with the id of the bundle that registered it. Thread-safe; holds no lock while it looks.
 */
final class TargetResolver {

    private final ConnectorCatalog catalog;
    private final Map<TriggerBinding, Long> bindings = new ConcurrentHashMap<>();
    private final Map<ServiceOperationsProvider, Long> providers = new ConcurrentHashMap<>();

    TargetResolver(ConnectorCatalog catalog) {
        this.catalog = catalog;
    }

    void addBinding(TriggerBinding binding, long bundle) {
        bindings.put(binding, bundle);
    }

    void removeBinding(TriggerBinding binding) {
        bindings.remove(binding);
    }

    void addProvider(ServiceOperationsProvider provider, long bundle) {
        providers.put(provider, bundle);
    }

    void removeProvider(ServiceOperationsProvider provider) {
        providers.remove(provider);
    }

    /** The {@link Target} of a subscription, or {@link Parked} with what it waits for. */
    Resolution resolve(SubscriptionRecord record) {
        String connector = record.connector();
        String version = record.version();
        Optional<ConnectorEntry> selected;
        try {
            selected = catalog.snapshot().select(connector, version, true);
        } catch (IllegalArgumentException e) {
            return new Parked(SubscriptionState.FAILED, "invalid version " + version);
        }
        if (selected.isEmpty()) {
            return new Parked(
                    SubscriptionState.WAITING,
                    "no ACTIVE version of connector '" + connector + "'"
                            + (version == null ? "" : " matches " + version));
        }
        ConnectorEntry entry = selected.get();
        ServiceOperation operation = entry.operation(record.operation());
        if (operation == null || !operation.isTrigger()) {
            return new Parked(
                    SubscriptionState.WAITING,
                    "connector " + connector + "@" + entry.version() + " has no trigger operation '"
                            + record.operation() + "'");
        }
        ServiceOperationsProvider provider = providerOf(entry);
        if (provider == null) {
            return new Parked(
                    SubscriptionState.WAITING,
                    "connector " + connector + "@" + entry.version() + " is not available yet");
        }
        if (!(provider instanceof ServiceOperationsTriggerProvider triggerProvider)) {
            return new Parked(
                    SubscriptionState.FAILED,
                    "connector " + connector + "@" + entry.version()
                            + " does not implement ServiceOperationsTriggerProvider");
        }
        String type = triggerProvider.getFunctionTriggerType();
        TriggerBinding binding = type == null ? null : bindingFor(type, providers.getOrDefault(provider, -1L));
        if (binding == null) {
            return new Parked(SubscriptionState.WAITING, "no TriggerBinding of type '" + type + "' is registered");
        }
        return new Target(entry, operation, provider, triggerProvider, type, binding);
    }

    /** The provider the bundle of {@code entry} registered for it, {@code null} when none (yet). */
    ServiceOperationsProvider providerOf(ConnectorEntry entry) {
        for (Map.Entry<ServiceOperationsProvider, Long> p : providers.entrySet()) {
            if (p.getValue() == entry.bundle().id()) {
                try {
                    if (entry.id().equals(p.getKey().getService().name())) {
                        return p.getKey();
                    }
                } catch (RuntimeException e) {
                    // a broken provider is the catalog's business; it is not ours to run
                }
            }
        }
        return null;
    }

    /**
     * The binding of {@code type} to run a trigger of a provider: the one its own bundle registered when there is one
     * (two versions of a connector side by side each bring their binding), else any of that type.
     */
    private TriggerBinding bindingFor(String type, long providerBundle) {
        TriggerBinding any = null;
        for (Map.Entry<TriggerBinding, Long> e : bindings.entrySet()) {
            if (!type.equals(e.getKey().type())) {
                continue;
            }
            if (e.getValue() == providerBundle) {
                return e.getKey();
            }
            any = e.getKey();
        }
        return any;
    }
}
