package dev.switchboard.host.internal.catalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.host.api.InvocationListener.CallMeter;

/**
 * One registered {@link ServiceOperationsProvider} service: the provider object, what loading it produced, its
 * current catalog entry, and a count of calls in flight.
 * <p>
 * The in-flight count exists so that a provider can be drained before it goes away: callers
 * {@link InFlightCalls#tryAcquire()} before calling the provider (and look for another provider when that fails, as
 * the provider is going away) and {@link InFlightCalls#release()} when the provider's stage has completed or the call
 * was abandoned before it reached the provider.
 */
public final class ProviderRegistration {

    private final long serviceId;
    private final BundleInfo bundle;
    private final ServiceOperationsProvider provider;
    private final AtomicReference<LoadOutcome> outcome = new AtomicReference<>();
    private final InFlightCalls inFlight = new InFlightCalls();
    /** Declared {@link dev.switchboard.connector.api.NonBlocking} and has not blocked the caller's thread since. */
    private volatile boolean inline;

    private volatile ConnectorEntry entry;
    private volatile String key;
    private volatile Future<?> loading;
    /** The meters of this version's operations, resolved once per listener: a call costs one map lookup. */
    private volatile Meters meters;

    ProviderRegistration(long serviceId, BundleInfo bundle, ServiceOperationsProvider provider) {
        this(serviceId, bundle, provider, false);
    }

    ProviderRegistration(long serviceId, BundleInfo bundle, ServiceOperationsProvider provider, boolean nonBlocking) {
        this.serviceId = serviceId;
        this.bundle = bundle;
        this.provider = provider;
        this.inline = nonBlocking;
    }

    /** Whether the dispatcher may call the provider on the caller's thread. */
    public boolean invokeInline() {
        return inline;
    }

    /**
     * The provider blocked the caller's thread although it declared it never does: from now on it is called on the
     * connector pool. {@code true} for the call that decided it (the one to log it).
     */
    public synchronized boolean revokeInline() {
        boolean was = inline;
        inline = false;
        return was;
    }

    public long serviceId() {
        return serviceId;
    }

    public BundleInfo bundle() {
        return bundle;
    }

    public ServiceOperationsProvider provider() {
        return provider;
    }

    /** {@code id@version} once loaded (the outcome never changes after that); {@code null} while loading. */
    String key() {
        String known = key;
        if (known == null) {
            LoadOutcome loaded = outcome.get();
            if (loaded != null) {
                known = RegistryView.key(loaded.id(), bundle.version());
                key = known;
            }
        }
        return known;
    }

    /** The catalog entry as last published. */
    public ConnectorEntry entry() {
        return entry;
    }

    /** The compiled inputs schema of {@code operationId}, or {@code null} when it declares none. */
    public CompiledSchema inputSchema(String operationId) {
        LoadOutcome loaded = outcome.get();
        return loaded == null ? null : loaded.inputSchemas().get(operationId);
    }

    /** The calls in flight on this provider. */
    public InFlightCalls inFlight() {
        return inFlight;
    }

    /**
     * The meter of {@code operationId} of this connector version from {@code listener}, asked for once and kept;
     * {@code null} without a listener (or when it failed to give one: metrics must not fail a call).
     */
    public CallMeter meter(InvocationListener listener, String operationId) {
        if (listener == null) {
            return null;
        }
        Meters current = meters;
        if (current == null || current.listener() != listener) {
            current = new Meters(listener, new ConcurrentHashMap<>());
            meters = current;
        }
        CallMeter meter = current.byOperation().get(operationId);
        if (meter != null) {
            return meter;
        }
        ConnectorEntry published = entry;
        if (published == null) {
            return null;
        }
        try {
            return current.byOperation()
                    .computeIfAbsent(operationId, op -> listener.meter(published.id(), published.version(), op));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private record Meters(InvocationListener listener, Map<String, CallMeter> byOperation) {}

    LoadOutcome outcome() {
        return outcome.get();
    }

    /** Records the first outcome only: a loader that finishes after its timeout fired is ignored. */
    boolean complete(LoadOutcome result) {
        return outcome.compareAndSet(null, result);
    }

    void entry(ConnectorEntry published) {
        this.entry = published;
    }

    void loading(Future<?> task) {
        this.loading = task;
    }

    /** Interrupts a load still running, for example when the service goes away meanwhile. */
    void cancelLoading() {
        Future<?> task = loading;
        if (task != null) {
            task.cancel(true);
        }
    }
}
