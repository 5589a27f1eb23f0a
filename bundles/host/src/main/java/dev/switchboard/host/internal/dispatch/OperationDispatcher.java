package dev.switchboard.host.internal.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.DispatcherLoad;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.host.api.InvocationTracer;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.catalog.RegistryView;
import dev.switchboard.host.internal.catalog.ReturningConnector;
import dev.switchboard.host.internal.logging.CallSpans;
import dev.switchboard.host.internal.logging.InvocationTraces;

/**
 * Invokes connector operations: resolves the connector version and operation in the current catalog, checks the
 * inputs and the required connection parameters, then calls the provider on a bounded pool with a timeout.
 * <p>
 * A provider is called on the caller's thread only when it is marked {@link NonBlocking}: a connector that blocks in
 * {@code invokeOperation} instead of returning a pending stage would otherwise hold an HTTP thread past the timeout.
 * One that makes the promise and breaks it (holds the caller longer than {@code non.blocking.limit.ms}) is moved to
 * the pool for good. Calls resumed after waiting for a swap always run on the pool.
 * The timeout runs from the moment the call is accepted, so time spent waiting for a pool thread counts too. It is
 * enforced by one periodic sweep over the calls not yet answered, at most {@code invoke.timeout.ms / 20} (and 100 ms)
 * late, rather than by a timer per call: arming and cancelling a {@link ScheduledThreadPoolExecutor} task per call
 * woke the timer thread on every call that found its queue empty, an extra context switch per call that the
 * benchmarks showed (see BENCHMARKS.md).
 * Messages and logs name connection parameters, never their values.
 * <p>
 * A call for a connector that is being updated (its provider went away while its bundle stayed installed, or the new
 * one is still loading) waits for it, at most {@code swap.wait.ms}, without holding a thread: it is looked at again
 * each time the catalog changes. A provider is counted in flight from the moment a call is bound to it until the
 * provider's stage completes (or the call is abandoned before reaching it), so that the catalog can drain it before
 * it goes away.
 */
@Component(service = {OperationInvoker.class, DispatcherLoad.class}, configurationPid = OperationDispatcher.PID)
@Designate(ocd = DispatcherConfiguration.class)
public final class OperationDispatcher implements OperationInvoker, DispatcherLoad {

    public static final String PID = "dev.switchboard.host.dispatcher";

    private static final Logger LOG = LoggerFactory.getLogger(OperationDispatcher.class);

    private final ConnectorRegistry registry;
    /**
     * Replaced as a whole by a configuration change ({@link #modified}), never changed in place: a call reads it
     * once where it needs a coherent set of values. Changing the configuration must not deactivate this component,
     * since everything with a static reference to the invoker (the REST API) would restart with it.
     */
    private volatile Settings settings;
    /** Replaced when the pool's size or queue changes; calls already queued on the old one still run there. */
    private volatile ThreadPoolExecutor workers;
    /** Pools replaced by a configuration change, still finishing their calls; stopped on deactivation. */
    private final Set<ThreadPoolExecutor> retired = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timeouts;
    /** Calls not yet answered: the timeout sweep looks at them, and deactivation can still answer them. */
    private final Set<PendingCall> pending = ConcurrentHashMap.newKeySet();
    /** Calls that hold an in-flight count on a provider, so that deactivation can give it back. */
    private final Set<PendingCall> inFlight = ConcurrentHashMap.newKeySet();
    /** Calls running on their caller's thread right now, for the sweep to notice one that hangs there. */
    private final InlineCalls inline = new InlineCalls(128);
    /** Metrics, when a listener is registered: told each call's outcome through the meter its operation keeps. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InvocationListener listener;
    /** Spans, when a tracer (the tracing-otlp bundle) is registered: see CallSpans. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InvocationTracer tracer;

    @Activate
    public OperationDispatcher(@Reference ConnectorRegistry registry, DispatcherConfiguration config) {
        this(registry, Settings.of(config));
    }

    OperationDispatcher(ConnectorRegistry registry, long timeoutMs, int maxThreads, int queueCapacity) {
        this(registry, timeoutMs, maxThreads, queueCapacity, 10_000);
    }

    OperationDispatcher(ConnectorRegistry registry, long timeoutMs, int maxThreads, int queueCapacity,
                        long swapWaitMs) {
        this(registry, new Settings(timeoutMs, maxThreads, queueCapacity, swapWaitMs, 50));
    }

    private OperationDispatcher(ConnectorRegistry registry, Settings initial) {
        this.registry = registry;
        this.settings = initial;
        this.workers = settings.newPool();
        this.timeouts = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-invoke-timeout"));
        this.timeouts.setRemoveOnCancelPolicy(true);
        // the sweep's period bounds how late a timeout fires: at most 100 ms, finer for short timeouts
        long tick = Math.min(100, Math.max(1, settings.timeoutMs() / 20));
        this.timeouts.scheduleWithFixedDelay(this::expire, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** A configuration change: new settings for the calls that come, without a restart of the component. */
    @Modified
    void modified(DispatcherConfiguration config) {
        Settings next = Settings.of(config);
        Settings previous = settings;
        settings = next;
        if (next.maxThreads() != previous.maxThreads() || next.queueCapacity() != previous.queueCapacity()) {
            ThreadPoolExecutor old = workers;
            workers = next.newPool();
            retired.add(old);
            old.shutdown(); // what is queued there still runs; a call that raced the swap is submitted again
            retired.removeIf(ThreadPoolExecutor::isTerminated);
        }
        LOG.info("Dispatcher reconfigured: {}", next);
    }

    @Deactivate
    void deactivate() {
        workers.shutdownNow();
        retired.forEach(ThreadPoolExecutor::shutdownNow);
        timeouts.shutdownNow();
        InvocationException stopping = new InvocationException(503, "ShuttingDown",
                "The host is stopping; the call was abandoned");
        for (PendingCall call : List.copyOf(pending)) {
            call.answer().completeExceptionally(stopping);
        }
        // abandoned: a provider must not wait for calls this dispatcher will never finish
        for (PendingCall call : List.copyOf(inFlight)) {
            release(call);
        }
    }

    @Override
    public int activeCalls() {
        return workers.getActiveCount() + inline.count();
    }

    @Override
    public int queuedCalls() {
        return workers.getQueue().size();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invoke(Invocation untraced) {
        Invocation invocation = InvocationTraces.traced(untraced);
        Settings current = settings;
        PendingCall call = new PendingCall(invocation, System.nanoTime(),
                TimeUnit.MILLISECONDS.toNanos(current.swapWaitMs()), current.timeoutMs());
        CompletableFuture<ServiceOperationResponse> answer = call.answer();
        call.span(CallSpans.start(tracer, invocation, answer));
        attempt(call, true);
        if (!answer.isDone()) {
            // for the timeout sweep and deactivation; a call answered at once (a non-blocking connector) never is
            pending.add(call);
            answer.whenComplete((response, failure) -> pending.remove(call));
        }
        return answer.minimalCompletionStage();
    }

    /**
     * Resolves the call in the current catalog and starts it, waits for the connector to come back, or fails it.
     *
     * @param callerThread on the thread that called {@link #invoke}: a non-blocking connector may run on it
     */
    private void attempt(PendingCall call, boolean callerThread) {
        if (call.answer().isDone()) {
            return;
        }
        Invocation invocation = call.invocation();
        RegistryView view = registry.view();
        Target target;
        try {
            target = resolve(view, invocation, call);
            if (target != null) {
                call.meter(target.registration().meter(listener, target.operation().name()));
                CallSpans.resolved(call.span(), target.entry().version());
                checkInputs(target, invocation);
                checkConnection(target, invocation.connection());
            }
        } catch (InvocationException e) {
            call.answer().completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            LOG.error("Could not dispatch operation {} of connector {}", invocation.operationId(),
                    invocation.connectorId(), e);
            call.answer().completeExceptionally(new InvocationException(500, "InternalError",
                    "The host could not dispatch the call: " + InvocationFailures.describe(e), List.of(), e));
            return;
        }
        if (target == null) {
            awaitSwap(call, view);
            return;
        }
        switch (call.claim(target.registration().inFlight())) {
            case CLAIMED -> call(target, call, callerThread);
            case GOING_AWAY -> {
                call.waitingFor("Connector " + target.entry().id() + "@" + target.entry().version()
                        + " is being unregistered");
                awaitSwap(call, view);
            }
            default -> {
                // answered (timeout, shutdown) or given up meanwhile
            }
        }
    }

    /** Looks again when the catalog changes, until the swap wait is over; holds no thread meanwhile. */
    private void awaitSwap(PendingCall call, RegistryView seen) {
        long left = call.swapDeadline() - System.nanoTime();
        if (left <= 0) {
            giveUp(call);
            return;
        }
        try {
            if (call.startWaiting()) {
                LOG.debug("{} waits: {}", call.label(), call.waitingFor());
                ScheduledFuture<?> end = timeouts.schedule(() -> giveUp(call), left, TimeUnit.NANOSECONDS);
                call.answer().whenComplete((response, failure) -> end.cancel(false));
            }
            // off the thread that changed the catalog: that one may be the framework's, inside a bundle update
            registry.changeAfter(seen.snapshot().revision()).thenRunAsync(() -> attempt(call, false), timeouts);
        } catch (RejectedExecutionException e) {
            call.answer().completeExceptionally(new InvocationException(503, "ShuttingDown",
                    "The host is stopping; try again later"));
        }
    }

    private void giveUp(PendingCall call) {
        if (!call.giveUp()) {
            return; // started meanwhile
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(call.swapDeadline() - call.acceptedAt());
        String message = call.waitingFor() + "; it did not come back within " + waitedMs + " ms (" + PID
                + " swap.wait.ms)";
        if (call.answer().completeExceptionally(new InvocationException(503, "ConnectorUpdating", message))) {
            LOG.warn("{} failed: {}", call.label(), message);
        }
    }

    /**
     * The timeout sweep: answers 504 to every call accepted longer ago than its timeout (the one in force when it was
     * accepted).
     */
    private void expire() {
        long now = System.nanoTime();
        long limitMs = settings.nonBlockingLimitMs();
        inline.forEach(call -> {
            // a @NonBlocking connector still holding its caller's thread: no more calls on callers' threads for it
            ProviderRegistration registration = call.runningInlineOn();
            long running = now - call.acceptedAt();
            if (registration != null && running > TimeUnit.MILLISECONDS.toNanos(limitMs)) {
                revokeInline(registration, call.label(), "has been holding", running, limitMs);
            }
        });
        for (PendingCall call : pending) {
            if (now - call.acceptedAt() >= TimeUnit.MILLISECONDS.toNanos(call.timeoutMs())) {
                try {
                    timedOut(call, call.timeoutMs());
                } catch (RuntimeException e) {
                    // never let one call stop the sweep: a periodic task that throws is not run again
                    LOG.error("Could not time out {}", call.label(), e);
                }
            }
        }
    }

    /** The connector version, its provider and the operation, or the reason there is none. */
    private record Target(ConnectorEntry entry, ProviderRegistration registration, ServiceOperation operation) {

        String label() {
            return "Operation " + operation.name() + " of connector " + entry.id() + "@" + entry.version();
        }
    }

    /**
     * The target of the call in {@code view}; {@code null} when the call should wait for the catalog to change (the
     * connector is being updated: {@code call} then says why).
     */
    private static Target resolve(RegistryView view, Invocation invocation, PendingCall call) {
        String id = invocation.connectorId();
        String spec = invocation.version();
        // from the view's index, not snapshot.versionsOf: that scans the whole catalog, on every call
        List<ConnectorEntry> versions = view.versionsOf(id);
        List<ReturningConnector> returning = view.returning(id);
        if (versions.isEmpty() && returning.isEmpty()) {
            throw InvocationFailures.failure(404, "ConnectorNotFound", "Connector '" + id + "' is not registered",
                    List.of());
        }
        try {
            CatalogSnapshot.matches(spec, Version.emptyVersion);
        } catch (IllegalArgumentException e) {
            throw InvocationFailures.failure(400, "InvalidVersion", "'" + spec + "' is neither a version (1.2.0) "
                    + "nor a version range ([1.0,2.0)): " + e.getMessage(), List.of());
        }
        ConnectorEntry active = highestActive(versions, spec);
        if (active != null) {
            return target(view, invocation, id, active);
        }
        boolean loading = versions.stream().anyMatch(e -> e.state() == ConnectorState.LOADING
                && CatalogSnapshot.matches(spec, e.osgiVersion()));
        if (!returning.isEmpty() || loading) {
            // the version that comes back may be any: only the update's end tells whether one matches
            call.waitingFor("Connector " + (returning.isEmpty() ? id : returning.stream()
                    .map(ReturningConnector::describe).collect(Collectors.joining(", "))) + " is being updated");
            return null;
        }
        List<ConnectorEntry> matching = versions.stream()
                .filter(e -> CatalogSnapshot.matches(spec, e.osgiVersion())).toList();
        if (matching.isEmpty()) {
            throw InvocationFailures.failure(404, "VersionNotFound", "Connector '" + id + "' has no version matching '"
                    + spec + "'; available versions: " + String.join(", ", distinctVersions(versions)), List.of());
        }
        throw unavailable(matching.get(0));
    }

    /** The target in an ACTIVE version of the connector. */
    private static Target target(RegistryView view, Invocation invocation, String id, ConnectorEntry entry) {
        ProviderRegistration registration = view.registration(entry);
        if (registration == null) {
            throw unavailable(entry); // cannot happen with a consistent view; answer as if it had just gone
        }
        ServiceOperation operation = entry.operation(invocation.operationId());
        if (operation == null) {
            throw InvocationFailures.failure(404, "OperationNotFound", "Connector " + id + "@" + entry.version()
                    + " has no operation '" + invocation.operationId() + "'", List.of());
        }
        if (operation.isTrigger()) {
            throw InvocationFailures.failure(400, "NotAnAction", "Operation " + operation.name() + " of connector "
                    + id + "@" + entry.version() + " is a trigger; only actions can be invoked", List.of());
        }
        return new Target(entry, registration, operation);
    }

    /**
     * {@code CatalogSnapshot.select(id, spec, true)} over the versions of one connector, which the catalog keeps
     * highest first: the first ACTIVE one that matches. Without a spec no version is parsed.
     */
    private static ConnectorEntry highestActive(List<ConnectorEntry> versions, String spec) {
        boolean any = spec == null || spec.isBlank();
        for (ConnectorEntry entry : versions) {
            if (entry.state() == ConnectorState.ACTIVE && (any || CatalogSnapshot.matches(spec, entry.osgiVersion()))) {
                return entry;
            }
        }
        return null;
    }

    private static List<String> distinctVersions(List<ConnectorEntry> versions) {
        return versions.stream().map(ConnectorEntry::version).distinct().toList();
    }

    private static InvocationException unavailable(ConnectorEntry entry) {
        String label = "Connector " + entry.id() + "@" + entry.version() + " is " + entry.state();
        String message = entry.state() == ConnectorState.LOADING
                ? label + ": its operations are still being read; try again shortly"
                : label + (entry.reason() != null ? ": " + entry.reason() : "");
        return InvocationFailures.failure(503, "ConnectorUnavailable", message, List.of());
    }

    private static void checkInputs(Target target, Invocation invocation) {
        CompiledSchema schema = target.registration().inputSchema(target.operation().name());
        if (schema == null) {
            return;
        }
        List<ErrorDetail> problems = schema.validate(invocation.request().parameters()).stream()
                .map(v -> new ErrorDetail(v.target(), v.message())).toList();
        if (!problems.isEmpty()) {
            throw InvocationFailures.failure(400, "InvalidInput", "The inputs of " + target.label()
                    + " do not match its inputs schema", problems);
        }
    }

    private static void checkConnection(Target target, ConnectionParameters connection) {
        if (target.entry().service() == null) {
            return;
        }
        Map<String, ConnectionParameter> parameters = target.entry().service().properties().connectionParameters();
        if (parameters.isEmpty()) {
            return;
        }
        List<ErrorDetail> missing = new ArrayList<>();
        for (Map.Entry<String, ConnectionParameter> declared : parameters.entrySet()) {
            if (declared.getValue() == null || !declared.getValue().required()) {
                continue;
            }
            String value = connection.getString(declared.getKey());
            if (value == null || value.isBlank()) {
                missing.add(new ErrorDetail(declared.getKey(), "The connection parameter '" + declared.getKey()
                        + "' is required but was not provided."));
            }
        }
        if (!missing.isEmpty()) {
            throw InvocationFailures.failure(400, "MissingConnectionParameter", "Connector "
                    + target.entry().id() + "@" + target.entry().version() + " needs the connection parameter(s) "
                    + String.join(", ", missing.stream().map(ErrorDetail::target).toList()), missing);
        }
    }

    /**
     * Runs a claimed call: on the caller's thread when the connector is {@code @NonBlocking} (and has kept that
     * promise so far), else on a worker thread.
     */
    private void call(Target target, PendingCall call, boolean callerThread) {
        call.bound(target.operation().name(), target.entry().id(), target.entry().version());
        ProviderRegistration registration = target.registration();
        int slot = callerThread && registration.invokeInline() ? inline.enter(call) : -1;
        if (slot >= 0) {
            // still on the thread that called invoke(): the call was accepted a moment ago, which times this one
            call.runningInlineOn(registration);
            try {
                callProvider(target, call);
            } finally {
                inline.exit(slot);
                call.runningInlineOn(null);
            }
            long heldNanos = System.nanoTime() - call.acceptedAt();
            if (call.holdsInFlight()) {
                // still running: deactivation must be able to give its count back
                track(call);
                if (!call.holdsInFlight()) {
                    inFlight.remove(call); // completed meanwhile, after release() looked
                }
            }
            long limitMs = settings.nonBlockingLimitMs();
            if (heldNanos > TimeUnit.MILLISECONDS.toNanos(limitMs)) {
                revokeInline(registration, call.label(), "held", heldNanos, limitMs);
            }
            return;
        }
        track(call);
        ThreadPoolExecutor pool = workers;
        try {
            call.task(submit(pool, target, call));
        } catch (RejectedExecutionException e) {
            release(call);
            Settings current = settings;
            InvocationException busy = pool.isShutdown() || timeouts.isShutdown()
                    ? new InvocationException(503, "ShuttingDown", "The host is stopping; try again later")
                    : new InvocationException(503, "Busy", "All " + current.maxThreads() + " connector threads are "
                    + "busy and " + current.queueCapacity() + " calls are waiting; try again later");
            call.answer().completeExceptionally(busy);
            LOG.warn("{} was refused: {}", target.label(), busy.getMessage());
        }
    }

    private static void revokeInline(ProviderRegistration registration, String label, String how, long heldNanos,
                                     long limitMs) {
        if (registration.revokeInline()) {
            LOG.warn("{} is marked @NonBlocking ({}=true) but its invokeOperation {} the caller's thread for {} ms "
                    + "(limit {} ms, {} non.blocking.limit.ms); this connector is called on the connector threads "
                    + "from now on. Return a pending stage and wait elsewhere, or drop @NonBlocking.", label,
                    NonBlocking.PROPERTY, how, TimeUnit.NANOSECONDS.toMillis(heldNanos), limitMs, PID);
        }
    }

    /** On {@code pool}, or on the pool that replaced it when a configuration change retired it meanwhile. */
    private Future<?> submit(ThreadPoolExecutor pool, Target target, PendingCall call) {
        ThreadPoolExecutor current = pool;
        while (true) {
            try {
                return current.submit(() -> callProvider(target, call));
            } catch (RejectedExecutionException e) {
                if (current == workers || timeouts.isShutdown()) {
                    throw e;
                }
                current = workers;
            }
        }
    }

    private void release(PendingCall call) {
        call.releaseInFlight();
        if (call.tracked()) {
            inFlight.remove(call);
        }
    }

    /** Into the set of calls in flight, which deactivation releases. */
    private void track(PendingCall call) {
        call.tracked(true);
        inFlight.add(call);
    }

    private void timedOut(PendingCall call, long timeoutMs) {
        String message = call.label() + " did not complete within " + timeoutMs + " ms"
                + (call.holdsInFlight() || call.waitingFor() == null ? "" : " (" + call.waitingFor() + ")");
        if (call.answer().completeExceptionally(new InvocationException(504, "Timeout", message))) {
            LOG.warn("{}", message);
            if (call.enter()) {
                release(call); // never reached the provider: nothing to wait for
            }
            Future<?> task = call.task();
            if (task != null) {
                task.cancel(true); // frees the thread if the connector is blocked in invokeOperation itself
            }
        }
    }

    private void callProvider(Target target, PendingCall call) {
        if (!call.enter()) {
            return; // abandoned: timed out while waiting for a thread
        }
        CompletableFuture<ServiceOperationResponse> answer = call.answer();
        Invocation invocation = call.invocation();
        CompletionStage<ServiceOperationResponse> stage;
        try (ConnectorLogContext logContext = InvocationTraces.logContext(target.entry(), invocation)) {
            stage = target.registration().provider().invokeOperation(target.operation().name(),
                    invocation.connection(), invocation.request());
        } catch (RuntimeException | LinkageError | AssertionError e) {
            release(call);
            complete(target, answer, null, e);
            return;
        }
        if (stage == null) {
            release(call);
            fail(target, answer, InvocationFailures.connectorError(target.label() + " returned no result "
                    + "(invokeOperation returned null instead of a CompletionStage)"));
            return;
        }
        // exactly CompletableFuture: a subclass such as the one of minimalCompletionStage() throws from isDone()
        if (stage.getClass() == CompletableFuture.class && stage instanceof CompletableFuture<ServiceOperationResponse> done
                && done.isDone() && !done.isCompletedExceptionally()) {
            // answered at once (the usual case for a non-blocking connector): no completion callback to set up
            release(call);
            complete(target, answer, done.join(), null);
            return;
        }
        try {
            // in flight until the provider is done, even when the caller got 504 before: see PendingCall
            stage.whenComplete((response, failure) -> {
                release(call);
                try (ConnectorLogContext logContext = InvocationTraces.logContext(target.entry(), invocation)) {
                    complete(target, answer, response, failure); // its WARN is a line about the connector
                }
            });
        } catch (RuntimeException e) {
            release(call);
            complete(target, answer, null, e);
        }
    }

    private static void complete(Target target, CompletableFuture<ServiceOperationResponse> answer,
                                 ServiceOperationResponse response, Throwable failure) {
        if (failure != null) {
            fail(target, answer, InvocationFailures.fromConnector(failure));
        } else if (response == null) {
            fail(target, answer, InvocationFailures.connectorError(target.label()
                    + " completed without a response (null ServiceOperationResponse)"));
        } else {
            answer.complete(response);
        }
    }

    private static void fail(Target target, CompletableFuture<ServiceOperationResponse> answer,
                             InvocationException failure) {
        if (answer.completeExceptionally(failure)) {
            if (failure.status() >= 500) {
                LOG.warn("{} failed with {} {}: {}", target.label(), failure.status(), failure.code(),
                        failure.getMessage());
            } else {
                LOG.debug("{} failed with {} {}: {}", target.label(), failure.status(), failure.code(),
                        failure.getMessage());
            }
        }
    }

    /** The dispatcher's configuration, normalised; immutable, replaced as a whole. */
    private record Settings(long timeoutMs, int maxThreads, int queueCapacity, long swapWaitMs,
                            long nonBlockingLimitMs) {

        Settings {
            timeoutMs = Math.max(1, timeoutMs);
            maxThreads = Math.max(1, maxThreads);
            queueCapacity = Math.max(0, queueCapacity);
            swapWaitMs = Math.max(0, swapWaitMs);
            nonBlockingLimitMs = Math.max(0, nonBlockingLimitMs);
        }

        static Settings of(DispatcherConfiguration config) {
            return new Settings(config.invoke_timeout_ms(), config.max_threads(), config.queue_capacity(),
                    config.swap_wait_ms(), config.non_blocking_limit_ms());
        }

        ThreadPoolExecutor newPool() {
            BlockingQueue<Runnable> queue = queueCapacity == 0 ? new SynchronousQueue<>()
                    : new ArrayBlockingQueue<>(queueCapacity);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 60, TimeUnit.SECONDS, queue,
                    new DaemonThreadFactory("switchboard-invoke"));
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
