package dev.switchboard.triggers.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * The {@link Subscriptions} service in cluster mode (framework property {@code switchboard.cluster=true}; enabled by
 * {@link TriggersMode} instead of the standalone {@link SubscriptionManager}). Its subscriptions live in the cluster
 * database: while the cluster bundle's {@link ClusterMembership} is not registered (the database not reached or not
 * migrated yet), every call answers 503 {@code ClusterUnavailable} and nothing runs; the embedded store is never
 * opened. Once it is, a {@link SubscriptionManager} on a {@link PostgresTriggerStore} does the work, running only the
 * subscriptions whose lease this node holds ({@link ClusterRuns}); it is stopped when the membership goes away.
 */
@Component(
        service = {Subscriptions.class, EventStoreState.class},
        configurationPid = SubscriptionManager.PID,
        enabled = false)
public final class ClusterSubscriptions implements Subscriptions, EventStoreState {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterSubscriptions.class);

    private final ConnectorCatalog catalog;
    private final ConnectionStore connections;
    private final TriggerScheduler scheduler;
    private final DeliveryObservers observers;
    private final Map<TriggerBinding, Map<String, Object>> bindings = new ConcurrentHashMap<>();
    private final Map<ServiceOperationsProvider, Map<String, Object>> providers = new ConcurrentHashMap<>();

    private volatile TriggersConfiguration config;
    /** Guarded by this. */
    private SubscriptionManager manager;
    /** The store the manager runs on, {@code null} while the cluster database is not joined. */
    private volatile TriggerStore store;

    @Activate
    public ClusterSubscriptions(
            TriggersConfiguration config,
            @Reference ConnectorCatalog catalog,
            @Reference ConnectionStore connections,
            @Reference TriggerScheduler scheduler,
            @Reference DeliveryObservers observers) {
        this.config = config;
        this.catalog = catalog;
        this.connections = connections;
        this.scheduler = scheduler;
        this.observers = observers;
        LOG.info("Cluster mode: subscriptions are kept in the cluster database, once it is reachable");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindMembership(ClusterMembership membership) {
        stopManager();
        PostgresTriggerStore store = new PostgresTriggerStore(
                membership.dataSource(),
                membership.self(),
                StoreLimits.of(config),
                () -> membership
                        .databaseProblem()
                        .map(problem -> PostgresTriggerStore.UNREACHABLE)
                        .orElse(null));
        SubscriptionManager started = new SubscriptionManager(
                config, store, membership, catalog, connections, scheduler.executor(), observers);
        bindings.forEach(started::bindTriggerBinding);
        providers.forEach(started::bindProvider);
        manager = started;
        this.store = store;
        LOG.info("Cluster mode: node {} runs its share of the cluster's subscriptions", membership.self());
    }

    synchronized void unbindMembership(ClusterMembership membership) {
        this.store = null;
        stopManager();
    }

    /**
     * Why the trigger store (the cluster database) cannot take writes now, {@code null} when it can: read by
     * {@link EventStoreCheck}. The reason names no host or path (the readiness answer is public).
     */
    @Override
    public String storeProblem() {
        TriggerStore current = store;
        return current == null ? "the cluster database is not joined yet" : current.problem();
    }

    @Override
    public String storeLocation() {
        return "the cluster database";
    }

    private void stopManager() {
        if (manager != null) {
            manager.deactivate();
            manager = null;
        }
    }

    @Modified
    void modified(TriggersConfiguration updated) {
        config = updated;
        SubscriptionManager current = current(false);
        if (current != null) {
            current.modified(updated);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stopManager();
    }

    @Reference(
            service = TriggerBinding.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindTriggerBinding(TriggerBinding binding, Map<String, Object> properties) {
        bindings.put(binding, properties);
        SubscriptionManager current = current(false);
        if (current != null) {
            current.bindTriggerBinding(binding, properties);
        }
    }

    void unbindTriggerBinding(TriggerBinding binding) {
        bindings.remove(binding);
        SubscriptionManager current = current(false);
        if (current != null) {
            current.unbindTriggerBinding(binding);
        }
    }

    @Reference(
            service = ServiceOperationsProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceOperationsProvider provider, Map<String, Object> properties) {
        providers.put(provider, properties);
        SubscriptionManager current = current(false);
        if (current != null) {
            current.bindProvider(provider, properties);
        }
    }

    void unbindProvider(ServiceOperationsProvider provider) {
        providers.remove(provider);
        SubscriptionManager current = current(false);
        if (current != null) {
            current.unbindProvider(provider);
        }
    }

    /** The manager at work; when {@code required} and there is none, 503 {@code ClusterUnavailable}. */
    private synchronized SubscriptionManager current(boolean required) {
        if (manager == null && required) {
            throw new SubscriptionException(
                    503,
                    "ClusterUnavailable",
                    "This node runs in cluster mode and has not reached the cluster database yet "
                            + "(SWITCHBOARD_CLUSTER_URL): subscriptions are kept there. Try again once the node is "
                            + "ready (GET /api/health/ready).",
                    5);
        }
        return manager;
    }

    /**
     * Runs a call on the manager; a failure of the cluster database (the store's {@link IllegalStateException} caused
     * by an {@link SQLException}) becomes 503 {@code ClusterUnavailable} with a retry hint rather than a 500: the
     * database is away for a while (an outage), the caller tries again later and nothing was lost.
     */
    private static <T> T onDatabase(Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof SQLException)) {
                throw e;
            }
            LOG.debug("Subscriptions call refused: the cluster database cannot be reached", e);
            throw new SubscriptionException(
                    503,
                    "ClusterUnavailable",
                    "The cluster database cannot be reached now: subscriptions are kept there. Nothing was changed; "
                            + "try again once it is back (GET /api/health/ready).",
                    5);
        }
    }

    /** See {@link SubscriptionManager#reconciledSince}; {@code false} while the cluster database is not reached. */
    boolean reconciledSince(long catalogRevision) {
        SubscriptionManager current = current(false);
        return current != null && current.reconciledSince(catalogRevision);
    }

    @Override
    public Subscription create(SubscriptionRequest request) {
        return onDatabase(() -> current(true).create(request));
    }

    @Override
    public List<Subscription> list() {
        return onDatabase(() -> current(true).list());
    }

    @Override
    public Optional<Subscription> get(String id) {
        return onDatabase(() -> current(true).get(id));
    }

    @Override
    public boolean delete(String id) {
        return onDatabase(() -> current(true).delete(id));
    }

    @Override
    public CompletionStage<Void> acceptHook(String id, String token, JsonNode body) {
        return onDatabase(() -> current(true).acceptHook(id, token, body));
    }

    @Override
    public AutoCloseable listen(String id, EventListener listener) {
        return onDatabase(() -> current(true).listen(id, listener));
    }
}
