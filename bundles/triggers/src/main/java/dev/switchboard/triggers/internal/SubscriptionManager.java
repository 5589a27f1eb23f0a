package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * The {@link Subscriptions} service: creates, lists, deletes subscriptions and connects hooks and event streams to
 * them. The work is done by parts with one job each: {@link RequestValidator} checks a request,
 * {@link TargetResolver} finds what a subscription runs on, {@link BindingRunner} starts and stops its binding,
 * {@link DeliveryWorker} delivers its stored batches (and tells the {@link DeliveryObservers}), {@link SubscriptionViews}
 * shows it, and a {@link TriggerStore} keeps it. A subscription whose connector, version or binding is missing is
 * WAITING and starts as soon as it appears ({@link ReconcilePasses}: on every binding or provider change and every
 * {@code reconcile.ms}); when the connector is updated the binding is restarted on the new version from the committed
 * checkpoint. As the {@link EventStoreState}, it tells the readiness check whether its store takes writes.
 * <p>
 * The manager's own lock guards only the count of subscriptions against {@code max.subscriptions}; no binding is
 * started or closed while it is held.
 * <p>
 * What one caller can hold is bounded: at most {@code max.subscriptions} subscriptions, each with a bounded share of
 * the store ({@link StoreLimits}), at most {@code max.streams} event-stream listeners in all, hook bodies of at most
 * {@code hook.max.bytes}; and every subscription runs on the shared {@link TriggerScheduler}, none on a thread of its
 * own.
 * <p>
 * Enabled by {@link TriggersMode} on a host that runs alone; in cluster mode {@link ClusterSubscriptions} makes one
 * on the cluster database's store instead, which runs only the subscriptions this node owns ({@link ClusterRuns}).
 */
@Component(
        service = {Subscriptions.class, EventStoreState.class},
        configurationPid = SubscriptionManager.PID,
        enabled = false)
@Designate(ocd = TriggersConfiguration.class)
public final class SubscriptionManager implements Subscriptions, EventStoreState {

    static final String PID = "dev.switchboard.triggers";

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionManager.class);

    private final ConnectorCatalog catalog;
    private final TriggerStore store;
    private final WebhookSender sender;
    private final TargetResolver targets;
    private final RequestValidator validator;
    private final BindingRunner runner;
    private final SubscriptionViews views;
    private final ScheduledExecutorService scheduler;
    private final DeliveryObservers observers;
    private final ReconcilePasses passes;
    private final Map<String, SubscriptionRun> runs = new ConcurrentHashMap<>();
    /** Listeners registered over all subscriptions, against {@code max.streams}. */
    private final EventStreams streams = new EventStreams();
    /** Cluster mode's leases and runs; {@code null} on a host that runs alone. */
    private final ClusterRuns cluster;

    private volatile DeliveryPolicy policy;
    private volatile HostLimits limits;
    private volatile boolean active;

    @Activate
    public SubscriptionManager(
            TriggersConfiguration config,
            BundleContext context,
            @Reference ConnectorCatalog catalog,
            @Reference ConnectionStore connections,
            @Reference TriggerScheduler scheduler,
            @Reference DeliveryObservers observers)
            throws IOException {
        this(config, embedded(config, home(context)), null, catalog, connections, scheduler.executor(), observers);
    }

    SubscriptionManager(
            TriggersConfiguration config,
            Path folder,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler)
            throws IOException {
        this(config, embedded(config, folder), catalog, connections, scheduler);
    }

    SubscriptionManager(
            TriggersConfiguration config,
            TriggerStore store,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler) {
        this(config, store, null, catalog, connections, scheduler, DeliveryObservers.NONE);
    }

    /**
     * Cluster mode: the subscriptions are those of the cluster database, and this node runs only those whose lease
     * it holds ({@link ClusterRuns}).
     */
    SubscriptionManager(
            TriggersConfiguration config,
            PostgresTriggerStore store,
            ClusterMembership membership,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler,
            DeliveryObservers observers) {
        this(config, (TriggerStore) store, membership, catalog, connections, scheduler, observers);
    }

    private SubscriptionManager(
            TriggersConfiguration config,
            TriggerStore store,
            ClusterMembership membership,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler,
            DeliveryObservers observers) {
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.store = store;
        this.observers = observers;
        this.sender = new WebhookSender(scheduler);
        this.targets = new TargetResolver(catalog);
        InputSchemas schemas = new InputSchemas();
        this.validator = new RequestValidator(catalog, connections, targets, schemas);
        this.runner = new BindingRunner(targets, connections, store, schemas);
        this.views = new SubscriptionViews(store);
        this.passes = new ReconcilePasses(catalog, runs.values(), runner, scheduler, () -> active);
        this.policy = DeliveryPolicy.of(config);
        this.limits = HostLimits.of(config);
        active = true;
        this.cluster = membership == null
                ? null
                : new ClusterRuns(
                        membership, (PostgresTriggerStore) store, runs, runner, this::newRun, scheduler, () -> active);
        store.subscriptions().values().forEach(record -> runs.put(record.id(), newRun(record, cluster == null)));
        LOG.info("Webhook delivery: {}", policy.describe());
        LOG.info("Trigger limits: {}", limits.describe(store.limits()));
        LOG.info("Trigger store {}: {} subscription(s)", store.location(), runs.size());
        passes.every(config.reconcile_ms());
        if (cluster != null) {
            cluster.start();
        }
    }

    private static EmbeddedTriggerStore embedded(TriggersConfiguration config, Path folder) throws IOException {
        return new EmbeddedTriggerStore(
                folder.resolve(EmbeddedTriggerStore.FILE), config.fsync(), StoreLimits.of(config));
    }

    /** The trigger store's folder: {@code $SWITCHBOARD_HOME/data/triggers}. */
    static Path home(BundleContext context) {
        String home = context.getProperty("switchboard.home");
        return home != null
                ? Path.of(home, "data", "triggers")
                : context.getDataFile("triggers").toPath();
    }

    /**
     * A configuration change applies in place: running subscriptions, their bindings and their streams carry on,
     * and each delivery worker uses the new settings from its next attempt.
     */
    @Modified
    void modified(TriggersConfiguration config) {
        DeliveryPolicy updated = DeliveryPolicy.of(config);
        if (!updated.equals(policy)) {
            policy = updated;
            LOG.info("Webhook delivery: {}", updated.describe());
        }
        store.sync(config.fsync());
        HostLimits updatedLimits = HostLimits.of(config);
        StoreLimits storeLimits = StoreLimits.of(config);
        if (!updatedLimits.equals(limits) || !storeLimits.equals(store.limits())) {
            limits = updatedLimits;
            store.limits(storeLimits);
            LOG.info("Trigger limits: {}", limits.describe(store.limits()));
        }
        passes.every(config.reconcile_ms());
        runs.values().forEach(r -> r.worker.wake());
    }

    @Deactivate
    void deactivate() {
        active = false;
        passes.stop();
        if (cluster != null) {
            // the leases are given up (each run stopped first): the other nodes take them over at once
            cluster.stop();
        }
        for (SubscriptionRun run : runs.values()) {
            runner.remove(run, "the host is stopping");
        }
        runs.values().forEach(r -> {
            r.worker.stop();
            EventStreams.close(r, "the host is stopping");
        });
        store.close();
    }

    @Reference(
            service = TriggerBinding.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindTriggerBinding(TriggerBinding binding, Map<String, Object> properties) {
        targets.addBinding(binding, bundleOf(properties));
        LOG.info("Trigger binding '{}' available", binding.type());
        passes.changed();
    }

    void unbindTriggerBinding(TriggerBinding binding) {
        targets.removeBinding(binding);
        String reason = "trigger binding '" + binding.type() + "' went away";
        runs.values().forEach(run -> runner.stopIf(run, r -> r.binding == binding, reason));
        passes.changed();
    }

    @Reference(
            service = ServiceOperationsProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceOperationsProvider provider, Map<String, Object> properties) {
        targets.addProvider(provider, bundleOf(properties));
        passes.changed();
    }

    void unbindProvider(ServiceOperationsProvider provider) {
        targets.removeProvider(provider);
        runs.values()
                .forEach(run -> runner.stopIf(
                        run, r -> r.provider == provider, "connector " + run.record.connector() + " went away"));
        passes.changed();
    }

    private static long bundleOf(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_BUNDLEID) instanceof Long l ? l : -1L;
    }

    // ---------------------------------------------------------------- Subscriptions

    @Override
    public Subscription create(SubscriptionRequest request) {
        SubscriptionRecord record = validator.validate(request);
        int max = limits.maxSubscriptions();
        HostLimits.checkRoom(max, runs.size());
        // the starting position is read from the source now, outside any lock, and stored with the subscription:
        // everything after it is delivered, whenever the binding first polls and across restarts
        if (targets.resolve(record) instanceof Target target) {
            try {
                record = record.withStart(runner.startPosition(record, target));
            } catch (InvocationException e) {
                // its named connection cannot be resolved yet: WAITING, and the start is fixed when it can be
                LOG.debug("Subscription {}: start not fixed yet: {}", record.id(), e.getMessage());
            }
        }
        SubscriptionRun run;
        synchronized (this) {
            HostLimits.checkRoom(max, runs.size());
            store.saveSubscription(
                    record, record.start() == null ? null : record.start().checkpoint());
            run = newRun(record, cluster == null);
            runs.put(record.id(), run);
        }
        LOG.info("Subscription {} created for {}/{}", record.id(), record.connector(), record.operation());
        if (cluster != null) {
            // claimed now when this node is its choice, else shown unowned until the chosen node claims it
            try {
                cluster.refresh();
            } catch (RuntimeException e) {
                // stored: the next pass claims it
                LOG.debug("Subscription {}: ownership not settled yet", record.id(), e);
            }
            run = runs.getOrDefault(record.id(), run);
        } else if (active) {
            runner.reconcile(run);
        }
        return views.view(run, true);
    }

    @Override
    public List<Subscription> list() {
        List<SubscriptionRun> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparingLong((SubscriptionRun r) -> r.record.createdAt())
                .thenComparing(r -> r.id));
        return all.stream().map(r -> views.view(r, false)).toList();
    }

    @Override
    public Optional<Subscription> get(String id) {
        SubscriptionRun run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(views.view(run, false));
    }

    @Override
    public boolean delete(String id) {
        SubscriptionRun run = runs.remove(id);
        if (run == null) {
            return false;
        }
        runner.remove(run, "deleted");
        run.worker.stop();
        EventStreams.close(run, "the subscription was deleted");
        store.deleteSubscription(id);
        LOG.info("Subscription {} deleted", id);
        return true;
    }

    @Override
    public CompletionStage<Void> acceptHook(String id, String token, JsonNode body) {
        SubscriptionRun run = existing(id);
        if (!run.local) {
            return HookIntake.acceptForOwner(run, token, body, limits.hookMaxBytes(), store);
        }
        return HookIntake.accept(run, token, body, limits.hookMaxBytes());
    }

    @Override
    public AutoCloseable listen(String id, EventListener listener) {
        SubscriptionRun run = existing(id);
        if (!run.local) {
            throw cluster.notHere(run);
        }
        return streams.listen(run, listener, limits.maxStreams());
    }

    private SubscriptionRun existing(String id) {
        SubscriptionRun run = runs.get(id);
        if (run == null) {
            throw new SubscriptionException(404, "SubscriptionNotFound", "There is no subscription " + id + ".");
        }
        return run;
    }

    /** For tests. */
    TriggerStore store() {
        return store;
    }

    @Override
    public String storeProblem() {
        return store.problem();
    }

    @Override
    public String storeLocation() {
        return store.location();
    }

    /** Event-stream listeners registered now, over all subscriptions. */
    int openStreams() {
        return streams.open();
    }

    // ---------------------------------------------------------------- running

    /** A run of {@code record}; its delivery started when {@code local} (this node runs it), else only shown. */
    private SubscriptionRun newRun(SubscriptionRecord record, boolean local) {
        SubscriptionRun run = new SubscriptionRun(
                record,
                current -> new DeliveryWorker(record.id(), current, store, sender, () -> policy, scheduler, observers),
                local);
        if (local) {
            run.worker.start();
        }
        return run;
    }

    /** See {@link ReconcilePasses#since}. */
    boolean reconciledSince(long catalogRevision) {
        return passes.since(catalogRevision);
    }
}
