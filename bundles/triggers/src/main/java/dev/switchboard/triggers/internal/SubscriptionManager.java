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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

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
 * {@link DeliveryWorker} delivers its stored batches, {@link SubscriptionViews} shows it, and a {@link TriggerStore}
 * keeps it. A subscription whose connector, version or binding is missing is WAITING and starts as soon as it appears
 * (a reconcile pass runs on every binding or provider change and every {@code reconcile.ms}); when the connector is
 * updated the binding is restarted on the new version from the committed checkpoint.
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
@Component(service = Subscriptions.class, configurationPid = SubscriptionManager.PID, enabled = false)
@Designate(ocd = TriggersConfiguration.class)
public final class SubscriptionManager implements Subscriptions {

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
    private final Map<String, SubscriptionRun> runs = new ConcurrentHashMap<>();
    /** Listeners registered over all subscriptions, against {@code max.streams}. */
    private final EventStreams streams = new EventStreams();
    /** Cluster mode's leases and runs; {@code null} on a host that runs alone. */
    private final ClusterRuns cluster;

    private volatile DeliveryPolicy policy;
    private volatile Limits limits;
    private volatile boolean active;
    /** Guarded by this. */
    private ScheduledFuture<?> reconciling;
    /** Guarded by this. */
    private long reconcileMs;
    /** Bumped whenever a binding or a provider comes or goes: a WAITING subscription may start on the next pass. */
    private final AtomicLong changes = new AtomicLong();
    /** What the last completed reconcile pass had seen: {@link #changes} and the catalog revision. */
    private volatile long reconciledChanges = -1;

    private volatile long reconciledRevision = -1;
    /** A reconcile pass is running. */
    private final AtomicBoolean passing = new AtomicBoolean();
    /** A pass was asked for while one ran: it runs again when done. */
    private final AtomicBoolean pendingPass = new AtomicBoolean();

    /** The bounds that are not the store's own, swapped as a whole on a configuration change. */
    private record Limits(int maxSubscriptions, int maxStreams, long hookMaxBytes) {

        static Limits of(TriggersConfiguration config) {
            return new Limits(
                    Math.max(0, config.max_subscriptions()),
                    Math.max(0, config.max_streams()),
                    Math.max(1, config.hook_max_bytes()));
        }
    }

    @Activate
    public SubscriptionManager(
            TriggersConfiguration config,
            BundleContext context,
            @Reference ConnectorCatalog catalog,
            @Reference ConnectionStore connections,
            @Reference TriggerScheduler scheduler)
            throws IOException {
        this(config, home(context), catalog, connections, scheduler.executor());
    }

    SubscriptionManager(
            TriggersConfiguration config,
            Path folder,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler)
            throws IOException {
        this(
                config,
                new EmbeddedTriggerStore(
                        folder.resolve(EventStoreCheck.STORE_FILE), config.fsync(), StoreLimits.of(config)),
                catalog,
                connections,
                scheduler);
        LOG.info("Trigger store {}: {} subscription(s)", folder, runs.size());
    }

    SubscriptionManager(
            TriggersConfiguration config,
            TriggerStore store,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler) {
        this(config, store, null, catalog, connections, scheduler);
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
            ScheduledExecutorService scheduler) {
        this(config, (TriggerStore) store, membership, catalog, connections, scheduler);
    }

    private SubscriptionManager(
            TriggersConfiguration config,
            TriggerStore store,
            ClusterMembership membership,
            ConnectorCatalog catalog,
            ConnectionStore connections,
            ScheduledExecutorService scheduler) {
        this.catalog = catalog;
        this.scheduler = scheduler;
        this.store = store;
        this.sender = new WebhookSender(scheduler);
        this.targets = new TargetResolver(catalog);
        InputSchemas schemas = new InputSchemas();
        this.validator = new RequestValidator(catalog, connections, targets, schemas);
        this.runner = new BindingRunner(targets, connections, store, schemas);
        this.views = new SubscriptionViews(store);
        this.policy = DeliveryPolicy.of(config);
        this.limits = Limits.of(config);
        active = true;
        this.cluster = membership == null
                ? null
                : new ClusterRuns(
                        membership, (PostgresTriggerStore) store, runs, runner, this::newRun, scheduler, () -> active);
        store.subscriptions().values().forEach(record -> runs.put(record.id(), newRun(record, cluster == null)));
        LOG.info("Webhook delivery: {}", policy.describe());
        LOG.info("Trigger limits: {}", describeLimits());
        scheduleReconciling(config.reconcile_ms());
        if (cluster != null) {
            cluster.start();
        }
    }

    /** The trigger store's folder: {@code $SWITCHBOARD_HOME/data/triggers}. */
    static Path home(BundleContext context) {
        String home = context.getProperty("switchboard.home");
        return home != null
                ? Path.of(home, "data", "triggers")
                : context.getDataFile("triggers").toPath();
    }

    /** For the log: {@code 1000 subscriptions, 64 streams, per subscription 1000 batches / 16777216 bytes, ...}. */
    private String describeLimits() {
        Limits l = limits;
        StoreLimits s = store.limits();
        return l.maxSubscriptions() + " subscriptions, " + l.maxStreams() + " streams, per subscription "
                + s.maxBatches() + " pending batches / " + s.maxBytes() + " pending bytes, hook body "
                + l.hookMaxBytes() + " bytes, " + s.deadLettersKept() + " dead letters kept";
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
        Limits updatedLimits = Limits.of(config);
        StoreLimits storeLimits = StoreLimits.of(config);
        if (!updatedLimits.equals(limits) || !storeLimits.equals(store.limits())) {
            limits = updatedLimits;
            store.limits(storeLimits);
            LOG.info("Trigger limits: {}", describeLimits());
        }
        scheduleReconciling(config.reconcile_ms());
        runs.values().forEach(r -> r.worker.wake());
    }

    private synchronized void scheduleReconciling(long millis) {
        long period = Math.max(50, millis);
        if (reconciling != null && period == reconcileMs) {
            return;
        }
        if (reconciling != null) {
            reconciling.cancel(false);
        }
        reconcileMs = period;
        reconciling = scheduler.scheduleWithFixedDelay(this::reconcileQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        active = false;
        synchronized (this) {
            if (reconciling != null) {
                reconciling.cancel(false);
            }
        }
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
        scheduleReconcile();
    }

    void unbindTriggerBinding(TriggerBinding binding) {
        targets.removeBinding(binding);
        String reason = "trigger binding '" + binding.type() + "' went away";
        runs.values().forEach(run -> runner.stopIf(run, r -> r.binding == binding, reason));
        scheduleReconcile();
    }

    @Reference(
            service = ServiceOperationsProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceOperationsProvider provider, Map<String, Object> properties) {
        targets.addProvider(provider, bundleOf(properties));
        scheduleReconcile();
    }

    void unbindProvider(ServiceOperationsProvider provider) {
        targets.removeProvider(provider);
        runs.values()
                .forEach(run -> runner.stopIf(
                        run, r -> r.provider == provider, "connector " + run.record.connector() + " went away"));
        scheduleReconcile();
    }

    private static long bundleOf(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_BUNDLEID) instanceof Long l ? l : -1L;
    }

    // ---------------------------------------------------------------- Subscriptions

    @Override
    public Subscription create(SubscriptionRequest request) {
        SubscriptionRecord record = validator.validate(request);
        int max = limits.maxSubscriptions();
        checkRoom(max);
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
            checkRoom(max);
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

    private void checkRoom(int max) {
        if (runs.size() >= max) {
            // 409, not 429: waiting does not help; the host's state must change (a subscription deleted, or
            // max.subscriptions raised) before this request can succeed
            throw new SubscriptionException(
                    409,
                    "TooManySubscriptions",
                    "This host already runs " + runs.size()
                            + " subscriptions, the most it allows (max.subscriptions of " + PID + "). Delete a "
                            + "subscription you no longer need, or raise the setting.");
        }
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

    /** Event-stream listeners registered now, over all subscriptions. */
    int openStreams() {
        return streams.open();
    }

    // ---------------------------------------------------------------- running

    /** A run of {@code record}; its delivery started when {@code local} (this node runs it), else only shown. */
    private SubscriptionRun newRun(SubscriptionRecord record, boolean local) {
        SubscriptionRun run = new SubscriptionRun(
                record,
                current -> new DeliveryWorker(record.id(), current, store, sender, () -> policy, scheduler),
                local);
        if (local) {
            run.worker.start();
        }
        return run;
    }

    private void scheduleReconcile() {
        changes.incrementAndGet();
        if (active) {
            try {
                scheduler.execute(this::reconcileQuietly);
            } catch (RejectedExecutionException ignored) {
                // stopping
            }
        }
    }

    /**
     * One pass over every subscription. Passes do not overlap: one asked for while another runs is run by that one
     * when it ends. Each subscription is reconciled under its own lock only.
     */
    private void reconcileQuietly() {
        pendingPass.set(true);
        while (active && pendingPass.get() && passing.compareAndSet(false, true)) {
            try {
                pendingPass.set(false);
                long seen = changes.get();
                long revision = catalog.snapshot().revision();
                for (SubscriptionRun run : runs.values()) {
                    if (!active) {
                        return;
                    }
                    if (run.local) {
                        runner.reconcile(run);
                    }
                }
                reconciledChanges = seen;
                reconciledRevision = revision;
            } catch (RuntimeException e) {
                LOG.warn("Reconciling subscriptions failed", e);
            } finally {
                passing.set(false);
            }
        }
    }

    /**
     * Whether every subscription has been tried since the catalog reached {@code catalogRevision} and since the last
     * binding or provider change: a subscription still WAITING then waits for something the host does not have
     * (its reason says what), not for the next pass. See {@link SubscriptionsResumedCheck}.
     */
    boolean reconciledSince(long catalogRevision) {
        return reconciledRevision >= catalogRevision && reconciledChanges >= changes.get();
    }
}
