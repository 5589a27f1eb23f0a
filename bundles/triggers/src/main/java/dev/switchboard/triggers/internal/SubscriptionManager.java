package dev.switchboard.triggers.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.triggers.api.Backlog;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;
import dev.switchboard.triggers.api.Subscriptions;
import dev.switchboard.triggers.api.WebhookUrl;

/**
 * Runs subscriptions: for each one, finds the connector version, its {@link ServiceOperationsTriggerProvider} and the
 * {@link TriggerBinding} of the type it names, and starts the binding with a context backed by the
 * {@link TriggerStore}. A subscription whose connector, version or binding is missing is WAITING and starts as soon as
 * it appears; when the connector is updated the binding is restarted on the new version from the committed
 * checkpoint. Delivery runs independently of the binding, so stored batches are delivered even while it waits.
 * <p>
 * What one caller can hold is bounded: at most {@code max.subscriptions} subscriptions, each with a bounded share of
 * the store ({@link StoreLimits}), at most {@code max.streams} event-stream listeners in all, hook bodies of at most
 * {@code hook.max.bytes}; and every subscription runs on the shared {@link TriggerScheduler}, none on a thread of its
 * own.
 */
@Component(service = Subscriptions.class, configurationPid = SubscriptionManager.PID)
@Designate(ocd = TriggersConfiguration.class)
public final class SubscriptionManager implements Subscriptions {

    static final String PID = "dev.switchboard.triggers";

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionManager.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectorCatalog catalog;
    private final ConnectionStore connections;
    private final TriggerStore store;
    private final WebhookSender sender;
    private volatile DeliveryPolicy policy;
    private volatile Limits limits;
    /** Listeners registered over all subscriptions, against {@code max.streams}. */
    private final AtomicInteger streams = new AtomicInteger();
    private final InputSchemas schemas = new InputSchemas();
    /** Every registered binding, with the id of the bundle that registered it. */
    private final Map<TriggerBinding, Long> bindings = new ConcurrentHashMap<>();
    private final Map<ServiceOperationsProvider, Long> providers = new ConcurrentHashMap<>();
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> reconciling;
    private long reconcileMs;
    private volatile boolean active;
    /** Bumped whenever a binding or a provider comes or goes: a WAITING subscription may start on the next pass. */
    private final AtomicLong changes = new AtomicLong();
    /** What the last completed reconcile pass had seen: {@link #changes} and the catalog revision. */
    private volatile long reconciledChanges = -1;
    private volatile long reconciledRevision = -1;

    /** The bounds that are not the store's own, swapped as a whole on a configuration change. */
    private record Limits(int maxSubscriptions, int maxStreams, long hookMaxBytes) {

        static Limits of(TriggersConfiguration config) {
            return new Limits(Math.max(0, config.max_subscriptions()), Math.max(0, config.max_streams()),
                    Math.max(1, config.hook_max_bytes()));
        }
    }

    @Activate
    public SubscriptionManager(TriggersConfiguration config, BundleContext context,
                               @Reference ConnectorCatalog catalog, @Reference ConnectionStore connections,
                               @Reference TriggerScheduler scheduler)
            throws java.io.IOException {
        this(config, home(context), catalog, connections, scheduler.executor());
    }

    SubscriptionManager(TriggersConfiguration config, Path folder, ConnectorCatalog catalog,
                        ConnectionStore connections, ScheduledExecutorService scheduler) throws java.io.IOException {
        this.catalog = catalog;
        this.connections = connections;
        this.scheduler = scheduler;
        this.sender = new WebhookSender(scheduler);
        this.store = new TriggerStore(folder.resolve("triggers.mv.db"), config.fsync(), StoreLimits.of(config));
        this.policy = DeliveryPolicy.of(config);
        this.limits = Limits.of(config);
        active = true;
        store.subscriptions().forEach((id, record) -> runs.put(id, newRun(id, record)));
        LOG.info("Trigger store {}: {} subscription(s)", folder, runs.size());
        LOG.info("Webhook delivery: {}", policy.describe());
        LOG.info("Trigger limits: {}", describeLimits());
        scheduleReconciling(config.reconcile_ms());
    }

    /** The trigger store's folder: {@code $SWITCHBOARD_HOME/data/triggers}. */
    static Path home(BundleContext context) {
        String home = context.getProperty("switchboard.home");
        return home != null ? Path.of(home, "data", "triggers") : context.getDataFile("triggers").toPath();
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
            for (Run run : runs.values()) {
                stopBinding(run, "the host is stopping");
            }
        }
        runs.values().forEach(r -> {
            r.worker.stop();
            closeListeners(r, "the host is stopping");
        });
        store.close();
    }

    private static void closeListeners(Run run, String reason) {
        for (EventListener listener : run.worker.listeners) {
            run.worker.listeners.remove(listener);
            try {
                listener.closed(reason);
            } catch (RuntimeException e) {
                LOG.debug("A listener of subscription {} failed to close", run.id, e);
            }
        }
    }

    @Reference(service = TriggerBinding.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindTriggerBinding(TriggerBinding binding, Map<String, Object> properties) {
        String type = binding.type();
        Object bundleId = properties.get(Constants.SERVICE_BUNDLEID);
        bindings.put(binding, bundleId instanceof Long l ? l : -1L);
        LOG.info("Trigger binding '{}' available", type);
        scheduleReconcile();
    }

    void unbindTriggerBinding(TriggerBinding binding) {
        bindings.remove(binding);
        synchronized (this) {
            for (Run run : runs.values()) {
                if (run.binding == binding) {
                    stopBinding(run, "trigger binding '" + binding.type() + "' went away");
                }
            }
        }
        scheduleReconcile();
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

    @Reference(service = ServiceOperationsProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceOperationsProvider provider, Map<String, Object> properties) {
        Object bundleId = properties.get(Constants.SERVICE_BUNDLEID);
        providers.put(provider, bundleId instanceof Long l ? l : -1L);
        scheduleReconcile();
    }

    void unbindProvider(ServiceOperationsProvider provider) {
        providers.remove(provider);
        synchronized (this) {
            for (Run run : runs.values()) {
                if (run.provider == provider) {
                    stopBinding(run, "connector " + run.record.path("connector").asText() + " went away");
                }
            }
        }
        scheduleReconcile();
    }

    // ---------------------------------------------------------------- Subscriptions

    @Override
    public Subscription create(SubscriptionRequest request) {
        String connector = required(request.connector(), "connector");
        String operationId = required(request.operation(), "operation");
        JsonNode parameters = request.parameters() == null ? JsonNodeFactory.instance.objectNode()
                : request.parameters();
        if (!parameters.isObject()) {
            throw new SubscriptionException(400, "InvalidSubscription", "parameters must be a JSON object.");
        }
        ConnectorEntry entry;
        try {
            entry = catalog.snapshot().select(connector, request.version(), true).orElseThrow(() ->
                    new SubscriptionException(404, "ConnectorNotFound", "No ACTIVE version of connector '"
                            + connector + "'" + (request.version() == null ? "" : " matches " + request.version())
                            + "."));
        } catch (IllegalArgumentException e) {
            throw new SubscriptionException(400, "InvalidVersion", "version must be a version or an OSGi range.");
        }
        ServiceOperation operation = entry.operation(operationId);
        if (operation == null) {
            throw new SubscriptionException(404, "OperationNotFound", "Connector " + connector + "@"
                    + entry.version() + " has no operation '" + operationId + "'.");
        }
        if (!operation.isTrigger()) {
            throw new SubscriptionException(400, "NotATrigger", "Operation " + operationId + " of connector "
                    + connector + " is an action; subscribe to a trigger.");
        }
        List<String> problems = schemas.problems(operation.manifest() == null ? null
                : operation.manifest().inputs(), parameters);
        if (!problems.isEmpty()) {
            throw new SubscriptionException(400, "InvalidInput", "The parameters do not match the inputs schema of "
                    + operationId + ": " + String.join("; ", problems));
        }
        if (providerOf(entry) instanceof InputCheck check) {
            List<String> invalid = check.problems(operationId, parameters);
            if (!invalid.isEmpty()) {
                throw new SubscriptionException(400, "InvalidInput", "The parameters of " + operationId
                        + " are not valid: " + String.join("; ", invalid));
            }
        }
        JsonNode connection = request.connection();
        if (connection != null && connection.isTextual()) {
            if (connections.get(connection.asText()).isEmpty()) {
                throw new SubscriptionException(404, "ConnectionNotFound", "There is no connection named '"
                        + connection.asText() + "'.");
            }
        } else if (connection != null && !connection.isNull() && !connection.isObject()) {
            throw new SubscriptionException(400, "InvalidSubscription",
                    "connection must be the name of a connection or an object of connection parameters.");
        }
        String webhook = request.webhook();
        if (webhook != null) {
            try {
                java.net.URI uri = java.net.URI.create(webhook);
                if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new SubscriptionException(400, "InvalidTarget", "target.webhook must be an http(s) URL.");
            }
        }
        String id = UUID.randomUUID().toString();
        int max = limits.maxSubscriptions();
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("id", id);
        record.put("connector", connector);
        record.put("version", request.version());
        record.put("operation", operationId);
        record.set("connection", connection == null ? JsonNodeFactory.instance.nullNode() : connection.deepCopy());
        record.set("parameters", parameters.deepCopy());
        record.put("webhook", webhook);
        record.put("token", token());
        record.put("createdAt", System.currentTimeMillis());
        checkRoom(max);
        // the starting position is read from the source now, outside the lock, and stored with the subscription:
        // everything after it is delivered, whenever the binding first polls and across restarts
        Object resolved = resolve(record);
        String first = null;
        if (resolved instanceof Target target) {
            try {
                first = startPosition(id, record, target);
            } catch (InvocationException e) {
                // its named connection cannot be resolved yet: WAITING, and the start is fixed when it can be
                LOG.debug("Subscription {}: start not fixed yet: {}", id, e.getMessage());
            }
        }
        Run run;
        synchronized (this) {
            checkRoom(max);
            store.saveSubscription(id, record, first);
            run = newRun(id, record);
            runs.put(id, run);
            LOG.info("Subscription {} created for {}/{}", id, connector, operationId);
            reconcile(run);
        }
        return view(run, true);
    }

    private void checkRoom(int max) {
        if (runs.size() >= max) {
            // 409, not 429: waiting does not help; the host's state must change (a subscription deleted, or
            // max.subscriptions raised) before this request can succeed
            throw new SubscriptionException(409, "TooManySubscriptions", "This host already runs " + runs.size()
                    + " subscriptions, the most it allows (max.subscriptions of " + PID + "). Delete a "
                    + "subscription you no longer need, or raise the setting.");
        }
    }

    /**
     * Asks the binding where the subscription starts and records it in {@code record} as {@code start}; returns the
     * first checkpoint to store with it (may be {@code null}: from the beginning, or the binding fixes none).
     *
     * @throws SubscriptionException when the binding cannot read its source now: the subscription is not created
     * @throws InvocationException   when the subscription's named connection cannot be resolved (yet)
     */
    private String startPosition(String id, ObjectNode record, Target target) {
        StartContext context = new StartContext(id, record, target); // InvocationException: the connection is not usable
        String first;
        try {
            first = target.binding().startPosition(context);
        } catch (Exception e) {
            throw startRefused(target.type(), e);
        }
        ObjectNode start = record.putObject("start");
        start.put("checkpoint", first);
        start.put("fixedAt", Instant.now().toString());
        return first;
    }

    /** Why a subscription could not be created: its binding could not read where to start. */
    static SubscriptionException startRefused(String type, Exception e) {
        String prefix = "The subscription was not created: its " + type + " trigger could not fix where it starts";
        if (e instanceof ServiceOperationException refused) {
            int status = refused.getStatusCode();
            String code = refused.getCode() == null ? "StartPositionUnavailable" : refused.getCode();
            if (status >= 400 && status < 500) {
                return new SubscriptionException(status, code, prefix + ": " + refused.getMessage());
            }
            return new SubscriptionException(503, code, prefix + ": " + refused.getMessage()
                    + " Check that the source is reachable and try again.");
        }
        if (e instanceof IllegalArgumentException) {
            return new SubscriptionException(400, "InvalidTrigger", prefix + ": " + e.getMessage());
        }
        // other messages may repeat connection details: the type of failure only
        LOG.debug("Starting position of a {} subscription not read", type, e);
        return new SubscriptionException(503, "StartPositionUnavailable", prefix + " ("
                + e.getClass().getSimpleName() + "). Check that the source is reachable and try again.");
    }

    @Override
    public List<Subscription> list() {
        List<Run> all = new ArrayList<>(runs.values());
        all.sort(Comparator.comparingLong((Run r) -> r.record.path("createdAt").asLong()).thenComparing(r -> r.id));
        return all.stream().map(r -> view(r, false)).toList();
    }

    @Override
    public Optional<Subscription> get(String id) {
        Run run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(view(run, false));
    }

    @Override
    public boolean delete(String id) {
        Run run;
        synchronized (this) {
            run = runs.remove(id);
            if (run == null) {
                return false;
            }
            stopBinding(run, "deleted");
        }
        run.worker.stop();
        closeListeners(run, "the subscription was deleted");
        store.deleteSubscription(id);
        LOG.info("Subscription {} deleted", id);
        return true;
    }

    @Override
    public CompletionStage<Void> acceptHook(String id, String token, JsonNode body) {
        Run run = runs.get(id);
        if (run == null) {
            throw new SubscriptionException(404, "SubscriptionNotFound", "There is no subscription " + id + ".");
        }
        byte[] expected = run.record.path("token").asText().getBytes(StandardCharsets.UTF_8);
        byte[] given = (token == null ? "" : token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new SubscriptionException(401, "InvalidToken", "The subscription's token is missing or wrong.");
        }
        TriggerBinding binding = run.binding;
        if (!(binding instanceof HookReceiver receiver)) {
            throw new SubscriptionException(409, "NotListening", "Subscription " + id + " is " + run.state
                    + (run.reason == null ? "" : " (" + run.reason + ")")
                    + "; only an ACTIVE httpWebhook trigger accepts hooks.");
        }
        long maxBytes = limits.hookMaxBytes();
        if (body != null && TriggerStore.utf8Length(body.toString()) > maxBytes) {
            throw new SubscriptionException(413, "HookBodyTooLarge", "A hook body may be at most " + maxBytes
                    + " bytes (as JSON; hook.max.bytes of " + PID + ").");
        }
        return receiver.receive(id, body).handle((stored, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof StoreFullException) {
                throw new SubscriptionException(429, "SubscriptionBacklogFull", "Subscription " + id + " holds as "
                        + "many undelivered events as it may (max.pending.batches / max.pending.bytes of " + PID
                        + "); this one was not stored. Send it again once its receiver has caught up.",
                        HOOK_RETRY_AFTER_SECONDS);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** What a refused hook caller is told to wait before posting again. */
    private static final long HOOK_RETRY_AFTER_SECONDS = 5;
    /** What a client refused an event stream is told to wait. */
    private static final long STREAM_RETRY_AFTER_SECONDS = 10;

    @Override
    public AutoCloseable listen(String id, EventListener listener) {
        Run run = runs.get(id);
        if (run == null) {
            throw new SubscriptionException(404, "SubscriptionNotFound", "There is no subscription " + id + ".");
        }
        int max = limits.maxStreams();
        if (streams.incrementAndGet() > max) {
            streams.decrementAndGet();
            throw new SubscriptionException(503, "TooManyStreams", "This host already serves " + max
                    + " event streams, the most it allows (max.streams of " + PID + "). Try again later, or close "
                    + "a stream you no longer read.", STREAM_RETRY_AFTER_SECONDS);
        }
        AtomicBoolean open = new AtomicBoolean(true);
        run.worker.listeners.add(listener);
        run.worker.wake();
        return () -> {
            if (open.compareAndSet(true, false)) {
                streams.decrementAndGet();
                run.worker.listeners.remove(listener);
            }
        };
    }

    /** For tests. */
    TriggerStore store() {
        return store;
    }

    /** Event-stream listeners registered now, over all subscriptions. */
    int openStreams() {
        return streams.get();
    }

    // ---------------------------------------------------------------- running

    private Run newRun(String id, ObjectNode record) {
        Run run = new Run(id, record);
        run.worker = new DeliveryWorker(id, () -> run.record, store, sender, () -> policy, scheduler);
        run.worker.start();
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

    private void reconcileQuietly() {
        try {
            synchronized (this) {
                long seen = changes.get();
                long revision = catalog.snapshot().revision();
                for (Run run : runs.values()) {
                    reconcile(run);
                }
                reconciledChanges = seen;
                reconciledRevision = revision;
            }
        } catch (RuntimeException e) {
            LOG.warn("Reconciling subscriptions failed", e);
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

    /** A subscription's runnable target: the connector version, its provider and the binding of its type. */
    private record Target(ConnectorEntry entry, ServiceOperation operation, ServiceOperationsProvider provider,
                          ServiceOperationsTriggerProvider triggerProvider, String type, TriggerBinding binding) {

        String identity() {
            return entry.id() + "@" + entry.version() + "#" + entry.bundle().id() + "/" + type + "#"
                    + System.identityHashCode(binding);
        }
    }

    /** Why a subscription cannot run now. */
    private record Parked(SubscriptionState state, String reason) {
    }

    /** The {@link Target} of a subscription record, or {@link Parked} with what it waits for. */
    private Object resolve(ObjectNode rec) {
        String connector = rec.path("connector").asText();
        String version = rec.path("version").isTextual() ? rec.path("version").asText() : null;
        String operationId = rec.path("operation").asText();
        Optional<ConnectorEntry> selected;
        try {
            selected = catalog.snapshot().select(connector, version, true);
        } catch (IllegalArgumentException e) {
            return new Parked(SubscriptionState.FAILED, "invalid version " + version);
        }
        if (selected.isEmpty()) {
            return new Parked(SubscriptionState.WAITING, "no ACTIVE version of connector '" + connector + "'"
                    + (version == null ? "" : " matches " + version));
        }
        ConnectorEntry entry = selected.get();
        ServiceOperation operation = entry.operation(operationId);
        if (operation == null || !operation.isTrigger()) {
            return new Parked(SubscriptionState.WAITING, "connector " + connector + "@" + entry.version()
                    + " has no trigger operation '" + operationId + "'");
        }
        ServiceOperationsProvider provider = providerOf(entry);
        if (provider == null) {
            return new Parked(SubscriptionState.WAITING, "connector " + connector + "@" + entry.version()
                    + " is not available yet");
        }
        if (!(provider instanceof ServiceOperationsTriggerProvider triggerProvider)) {
            return new Parked(SubscriptionState.FAILED, "connector " + connector + "@" + entry.version()
                    + " does not implement ServiceOperationsTriggerProvider");
        }
        String type = triggerProvider.getFunctionTriggerType();
        TriggerBinding binding = type == null ? null : bindingFor(type, providers.getOrDefault(provider, -1L));
        if (binding == null) {
            return new Parked(SubscriptionState.WAITING, "no TriggerBinding of type '" + type + "' is registered");
        }
        return new Target(entry, operation, provider, triggerProvider, type, binding);
    }

    /** Starts, restarts (after a connector update) or parks one subscription. Called holding this lock. */
    private void reconcile(Run run) {
        if (!active) {
            return;
        }
        ObjectNode rec = run.record;
        String connector = rec.path("connector").asText();
        Object resolved = resolve(rec);
        if (resolved instanceof Parked parked) {
            park(run, parked.state(), parked.reason());
            return;
        }
        Target target = (Target) resolved;
        ConnectorEntry entry = target.entry();
        String type = target.type();
        TriggerBinding binding = target.binding();
        String identity = target.identity();
        if (run.handle != null && identity.equals(run.identity)) {
            return;
        }
        if (run.handle != null) {
            LOG.info("Subscription {}: {} changed; restarting its trigger on {}@{}", run.id, run.identity,
                    connector, entry.version());
            stopBinding(run, "restarting");
        }
        if (run.state == SubscriptionState.FAILED && identity.equals(run.identity)
                && System.currentTimeMillis() < run.retryAt) {
            return;
        }
        ServiceOperation operation = target.operation();
        List<String> problems = schemas.problems(operation.manifest() == null ? null
                : operation.manifest().inputs(), rec.path("parameters"));
        if (!problems.isEmpty()) {
            fail(run, identity, "the parameters do not match the inputs schema of " + connector + "@"
                    + entry.version() + ": " + String.join("; ", problems));
            return;
        }
        if (!rec.has("start")) {
            // created while its binding was away, or before starting positions were stored: fixed now, once
            try {
                fixStart(run, target);
            } catch (InvocationException e) {
                park(run, SubscriptionState.WAITING, e.getMessage());
                return;
            } catch (SubscriptionException e) {
                fail(run, identity, e.getMessage());
                return;
            }
            rec = run.record;
        }
        try {
            RunContext context = newContext(run, rec, target);
            synchronized (run) {
                // ACTIVE before the binding runs: a first poll that fails at once may report FAILING right away
                run.context = context;
                run.state = SubscriptionState.ACTIVE;
                run.reason = null;
            }
            AutoCloseable handle = binding.start(context);
            run.handle = handle == null ? () -> { } : handle;
            run.binding = binding;
            run.provider = target.provider();
            run.identity = identity;
            run.runningVersion = entry.version();
            LOG.info("Subscription {} ACTIVE on {}@{} ({})", run.id, connector, entry.version(), type);
        } catch (InvocationException e) {
            closeContext(run);
            park(run, SubscriptionState.WAITING, e.getMessage());
        } catch (Exception e) {
            closeContext(run);
            fail(run, identity, "trigger binding '" + type + "' did not start: " + e);
        }
    }

    private RunContext newContext(Run run, ObjectNode rec, Target target) {
        String connector = rec.path("connector").asText();
        String operationId = rec.path("operation").asText();
        ConnectionParameters parameters = connection(rec, connector);
        String information = target.provider().getBindingConnectionInformation(operationId, parameters);
        JsonNode definition = target.triggerProvider().getFunctionTriggerDefinition();
        return new RunContext(run, connector, operationId, information, rec.path("parameters").deepCopy(),
                definition == null ? JsonNodeFactory.instance.objectNode() : definition.deepCopy());
    }

    private static void closeContext(Run run) {
        synchronized (run) {
            if (run.context != null) {
                run.context.closed = true;
            }
            run.context = null;
        }
    }

    /**
     * Fixes the start of a subscription that has none: the position a binding already stored (a subscription created
     * before starting positions were fixed at creation), else what the binding says now.
     */
    private void fixStart(Run run, Target target) {
        ObjectNode rec = run.record.deepCopy();
        String first = store.resumePosition(run.id);
        if (first == null) {
            first = startPosition(run.id, rec, target);
        } else {
            ObjectNode start = rec.putObject("start");
            start.put("checkpoint", first);
            start.put("fixedAt", Instant.now().toString());
        }
        store.saveSubscription(run.id, rec, first);
        run.record = rec;
        LOG.info("Subscription {} starts at {}", run.id, rec.get("start"));
    }

    private ConnectionParameters connection(ObjectNode rec, String connector) {
        JsonNode connection = rec.path("connection");
        if (connection.isTextual()) {
            return connections.resolve(connection.asText(), connector);
        }
        return connection.isObject() ? ConnectionParameters.of((ObjectNode) connection) : ConnectionParameters.empty();
    }

    private ServiceOperationsProvider providerOf(ConnectorEntry entry) {
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

    private void park(Run run, SubscriptionState state, String reason) {
        if (run.handle != null) {
            stopBinding(run, reason);
        }
        if (run.state != state || !reason.equals(run.reason)) {
            LOG.info("Subscription {} {}: {}", run.id, state, reason);
        }
        run.state = state;
        run.reason = reason;
        run.identity = null;
    }

    private void fail(Run run, String identity, String reason) {
        if (run.state != SubscriptionState.FAILED || !reason.equals(run.reason)) {
            LOG.warn("Subscription {} FAILED: {}", run.id, reason);
        }
        run.state = SubscriptionState.FAILED;
        run.reason = reason;
        run.identity = identity;
        run.retryAt = System.currentTimeMillis() + 10_000;
    }

    private void stopBinding(Run run, String reason) {
        AutoCloseable handle = run.handle;
        RunContext context = run.context;
        run.handle = null;
        run.context = null;
        run.binding = null;
        run.provider = null;
        run.runningVersion = null;
        run.identity = null;
        synchronized (run) {
            if (context != null) {
                context.closed = true;
            }
            run.state = SubscriptionState.WAITING;
            run.reason = reason;
        }
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.warn("Subscription {}: closing its trigger failed", run.id, e);
            }
        }
    }

    /**
     * What the API shows of a subscription: an inline connection's values masked, the webhook URL as
     * {@link WebhookUrl#masked} (the record keeps it whole for delivery) and the hook token only when {@code withToken}
     * (the answer to its creation), else masked.
     */
    private Subscription view(Run run, boolean withToken) {
        ObjectNode rec = run.record;
        JsonNode connection = rec.path("connection");
        if (connection.isObject()) {
            ObjectNode masked = JsonNodeFactory.instance.objectNode();
            connection.fieldNames().forEachRemaining(n -> masked.put(n, NamedConnection.MASK));
            connection = masked;
        }
        SubscriptionRequest request = new SubscriptionRequest(rec.path("connector").asText(),
                rec.path("version").isTextual() ? rec.path("version").asText() : null,
                rec.path("operation").asText(), connection.isMissingNode() ? null : connection,
                rec.path("parameters"),
                rec.path("webhook").isTextual() ? WebhookUrl.masked(rec.path("webhook").asText()) : null);
        ArrayNode dead = store.deadLetters(run.id);
        Backlog backlog = store.backlog(run.id);
        return new Subscription(run.id, request, withToken ? rec.path("token").asText() : NamedConnection.MASK,
                run.state, run.reason, run.runningVersion, store.checkpoint(run.id), store.counter(run.id, "emitted"),
                store.counter(run.id, "delivered"), backlog.pendingBatches(), backlog.deadLettered(),
                store.lastError(run.id), dead, backlog,
                rec.get("start") == null || rec.get("start").isNull() ? null : rec.get("start").deepCopy());
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new SubscriptionException(400, "InvalidSubscription", name + " is required.");
        }
        return value;
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One subscription's runtime state; fields other than the volatile ones are guarded by the manager's lock. */
    private static final class Run {
        final String id;
        volatile ObjectNode record;
        volatile SubscriptionState state = SubscriptionState.WAITING;
        volatile String reason = "starting";
        volatile String runningVersion;
        volatile TriggerBinding binding;
        ServiceOperationsProvider provider;
        AutoCloseable handle;
        String identity;
        long retryAt;
        RunContext context;
        DeliveryWorker worker;

        Run(String id, ObjectNode record) {
            this.id = id;
            this.record = record;
        }
    }

    /**
     * What {@link TriggerBinding#startPosition} gets: the subscription's inputs and connection; nothing runs yet, so
     * its sink refuses events and its checkpoints are empty.
     */
    private final class StartContext implements TriggerContext, EventSink, CheckpointStore {
        private final String id;
        private final String connectorId;
        private final String operationId;
        private final String information;
        private final JsonNode inputs;
        private final JsonNode definition;

        StartContext(String id, ObjectNode rec, Target target) {
            this.id = id;
            this.connectorId = rec.path("connector").asText();
            this.operationId = rec.path("operation").asText();
            this.information = target.provider().getBindingConnectionInformation(operationId,
                    connection(rec, connectorId));
            this.inputs = rec.path("parameters").deepCopy();
            JsonNode def = target.triggerProvider().getFunctionTriggerDefinition();
            this.definition = def == null ? JsonNodeFactory.instance.objectNode() : def.deepCopy();
        }

        @Override
        public String subscriptionId() {
            return id;
        }

        @Override
        public String connectorId() {
            return connectorId;
        }

        @Override
        public String operationId() {
            return operationId;
        }

        @Override
        public String connectionInformation() {
            return information;
        }

        @Override
        public JsonNode inputs() {
            return inputs.deepCopy();
        }

        @Override
        public JsonNode triggerDefinition() {
            return definition.deepCopy();
        }

        @Override
        public EventSink sink() {
            return this;
        }

        @Override
        public CheckpointStore checkpoints() {
            return this;
        }

        @Override
        public CompletionStage<Void> emit(List<JsonNode> events) {
            return CompletableFuture.failedFuture(new IllegalStateException("subscription " + id
                    + " is being created; it emits once it runs"));
        }

        @Override
        public String get() {
            return null;
        }

        @Override
        public void put(String checkpoint) {
            // the returned start position is what is stored
        }
    }

    /** The context one start of a binding gets; stops accepting events once the binding is stopped. */
    private final class RunContext implements TriggerContext, EventSink, CheckpointStore {
        private final Run run;
        private final String connectorId;
        private final String operationId;
        private final String information;
        private final JsonNode inputs;
        private final JsonNode definition;
        volatile boolean closed;

        RunContext(Run run, String connectorId, String operationId, String information, JsonNode inputs,
                   JsonNode definition) {
            this.run = run;
            this.connectorId = connectorId;
            this.operationId = operationId;
            this.information = information;
            this.inputs = inputs;
            this.definition = definition;
        }

        @Override
        public String subscriptionId() {
            return run.id;
        }

        @Override
        public String connectorId() {
            return connectorId;
        }

        @Override
        public String operationId() {
            return operationId;
        }

        @Override
        public String connectionInformation() {
            return information;
        }

        @Override
        public JsonNode inputs() {
            return inputs.deepCopy();
        }

        @Override
        public JsonNode triggerDefinition() {
            return definition.deepCopy();
        }

        @Override
        public EventSink sink() {
            return this;
        }

        @Override
        public CheckpointStore checkpoints() {
            return this;
        }

        @Override
        public CompletionStage<Void> emit(List<JsonNode> events) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("subscription " + run.id
                        + " is no longer running"));
            }
            if (events == null || events.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            try {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                events.forEach(array::add);
                long sequence = store.append(run.id, array);
                run.worker.wake();
                if (run.record.path("webhook").isTextual()) {
                    ObjectNode envelope = DeliveryWorker.envelope(run.id, run.record,
                            new TriggerStore.Batch(sequence, array, 0, 0, null));
                    for (EventListener listener : run.worker.listeners) {
                        listener.onBatch(sequence, envelope);
                    }
                }
                return CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public String get() {
            return store.resumePosition(run.id);
        }

        @Override
        public void failing(String reason) {
            String why = reason == null || reason.isBlank() ? "the trigger cannot read its source" : reason;
            synchronized (run) {
                if (closed) {
                    return;
                }
                if (run.state != SubscriptionState.FAILING || !why.equals(run.reason)) {
                    LOG.warn("Subscription {} FAILING: {}", run.id, why);
                }
                run.state = SubscriptionState.FAILING;
                run.reason = why;
            }
        }

        @Override
        public void recovered() {
            synchronized (run) {
                if (closed || run.state != SubscriptionState.FAILING) {
                    return;
                }
                LOG.info("Subscription {} ACTIVE again: its trigger reads its source", run.id);
                run.state = SubscriptionState.ACTIVE;
                run.reason = null;
            }
        }

        @Override
        public void put(String checkpoint) {
            if (!closed) {
                store.stageCheckpoint(run.id, checkpoint);
            }
        }
    }
}
