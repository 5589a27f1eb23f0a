package dev.switchboard.host.internal.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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

import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.BulkheadLoad;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.DispatcherLoad;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.InvocationListener;
import dev.switchboard.host.api.InvocationTracer;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;
import dev.switchboard.host.internal.catalog.RegistryView;
import dev.switchboard.host.internal.logging.CallSpans;
import dev.switchboard.host.internal.logging.InvocationTraces;

/**
 * Invokes connector operations: resolves the connector version ({@link CallResolver}; a call without a version goes
 * where the connector's traffic split sends it, {@link TrafficRouter}) and the operation, checks the inputs and the
 * required connection parameters, then calls the provider ({@link ProviderCall}) on the shared pool
 * ({@link ConnectorThreads}) with a timeout. Messages and logs name connection parameters, never their values.
 * <p>
 * A provider is called on the caller's thread only when it is marked {@link NonBlocking}: a connector that blocks in
 * {@code invokeOperation} instead of returning a pending stage would otherwise hold an HTTP thread past the timeout.
 * One that makes the promise and breaks it (holds the caller longer than {@code non.blocking.limit.ms}) is moved to
 * the pool for good. Calls resumed after waiting for a swap always run on the pool. The timeout runs from the moment
 * the call is accepted; one periodic sweep enforces it ({@link TimeoutSweep}), at most {@code invoke.timeout.ms / 20}
 * (and 100 ms) late, also after the timeout was changed.
 * <p>
 * A call for a connector that is being updated (its provider went away while its bundle stayed installed, or the new
 * one is still loading) waits for it, at most {@code swap.wait.ms}, without holding a thread: it is looked at again
 * each time the catalog changes. A provider is counted in flight from the moment a call is bound to it until the
 * provider's stage completes (or the call is abandoned before reaching it), so that the catalog can drain it first.
 * <p>
 * Each connector id has a bulkhead ({@link ConnectorBulkhead}): a share of the pool's threads and a queue of its own
 * in front of the pool, so that a connector that hangs fills its own share and answers 503 ConnectorBusy, while the
 * others keep their threads. Optionally a rate limit ({@link CallRateLimit}) answers 429 RateLimited. Both are set per
 * connector by {@link ConnectorLimits}, with defaults derived from this dispatcher's settings.
 */
@Component(
        service = {OperationInvoker.class, DispatcherLoad.class},
        configurationPid = OperationDispatcher.PID)
@Designate(ocd = DispatcherConfiguration.class)
public final class OperationDispatcher implements OperationInvoker, DispatcherLoad {

    public static final String PID = "dev.switchboard.host.dispatcher";

    private static final Logger LOG = LoggerFactory.getLogger(OperationDispatcher.class);

    private final ConnectorRegistry registry;
    /** The connectors' traffic splits. */
    private final TrafficRouter traffic;
    /**
     * Replaced as a whole by a configuration change ({@link #modified}), never changed in place: a call reads it
     * once where it needs a coherent set of values. Changing the configuration must not deactivate this component,
     * since everything with a static reference to the invoker (the REST API) would restart with it.
     */
    private volatile DispatcherSettings settings;

    private final ConnectorThreads threads;
    /** Runs the resolved calls, inline or on the pool, through their connector's bulkhead. */
    private final CallRunner calls;
    /** The timeout sweep, re-armed when the timeout changes, and the timer for swap waits. */
    private final TimeoutSweep sweep;
    /** Metrics, when a listener is registered: told each call's outcome through the meter its operation keeps. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InvocationListener listener;
    /** The per-connector configurations ({@value ConnectorLimits#PID}) bound so far. */
    private final Set<ConnectorLimits> limits = ConcurrentHashMap.newKeySet();
    /** Replaced as a whole when the settings or the per-connector configurations change. */
    private volatile ConnectorBulkheads bulkheads;
    /** Spans, when a tracer (the tracing-otlp bundle) is registered: see CallSpans. */
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile InvocationTracer tracer;

    @Activate
    public OperationDispatcher(
            @Reference ConnectorRegistry registry, @Reference TrafficRouter traffic, DispatcherConfiguration config) {
        this(registry, traffic, DispatcherSettings.of(config));
    }

    /** Without traffic splits: for {@link StandaloneDispatcher}. */
    OperationDispatcher(ConnectorRegistry registry, DispatcherConfiguration config) {
        this(registry, TrafficRouter.inMemory(registry), DispatcherSettings.of(config));
    }

    OperationDispatcher(
            ConnectorRegistry registry, long timeoutMs, int maxThreads, int queueCapacity, long swapWaitMs) {
        this(
                registry,
                TrafficRouter.inMemory(registry),
                new DispatcherSettings(timeoutMs, maxThreads, queueCapacity, swapWaitMs, 50));
    }

    OperationDispatcher(ConnectorRegistry registry, TrafficRouter traffic, DispatcherSettings initial) {
        this.registry = registry;
        this.traffic = traffic;
        this.settings = initial;
        this.threads = new ConnectorThreads(initial);
        this.bulkheads = ConnectorBulkheads.of(initial.maxThreads(), initial.queueCapacity(), List.of(), null);
        InlineCalls inline = new InlineCalls(128);
        this.calls = new CallRunner(threads, inline, () -> settings, () -> bulkheads);
        this.sweep =
                new TimeoutSweep(inline, () -> settings.nonBlockingLimitMs(), calls::release, initial.sweepPeriodMs());
    }

    /** How often the timeout sweep runs now. */
    long sweepPeriodMs() {
        return sweep.periodMs();
    }

    /** A configuration change: new settings for the calls that come, without a restart of the component. */
    @Modified
    void modified(DispatcherConfiguration config) {
        DispatcherSettings next = DispatcherSettings.of(config);
        DispatcherSettings previous = settings;
        settings = next;
        if (!next.samePool(previous)) {
            threads.replace(next);
        }
        sweep.rearm(next.sweepPeriodMs()); // a lowered timeout must not fire up to the old period late
        rebuildBulkheads();
        LOG.info("Dispatcher reconfigured: {}; {}", next, bulkheads);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindLimits(ConnectorLimits configured) {
        limits.add(configured);
        rebuildBulkheads();
        LOG.info("Connector limits: {}", configured);
    }

    void unbindLimits(ConnectorLimits configured) {
        limits.remove(configured);
        rebuildBulkheads();
    }

    /** Calls already admitted keep the bulkhead they hold a permit of; new calls use the new ones. */
    private synchronized void rebuildBulkheads() {
        DispatcherSettings current = settings;
        bulkheads =
                ConnectorBulkheads.of(current.maxThreads(), current.queueCapacity(), List.copyOf(limits), bulkheads);
    }

    @Deactivate
    void deactivate() {
        threads.shutdownNow();
        sweep.shutdownNow(new InvocationException(503, "ShuttingDown", "The host is stopping; the call was abandoned"));
        // abandoned: a provider must not wait for calls this dispatcher will never finish
        calls.releaseAll();
    }

    @Override
    public int activeCalls() {
        return threads.active() + calls.inlineCount();
    }

    @Override
    public int queuedCalls() {
        return threads.queued();
    }

    @Override
    public List<BulkheadLoad> bulkheads() {
        return bulkheads.loads();
    }

    @Override
    public BulkheadLoad bulkhead(String connectorId) {
        return bulkheads.load(connectorId);
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invoke(Invocation untraced) {
        Invocation invocation = InvocationTraces.traced(untraced);
        DispatcherSettings current = settings;
        PendingCall call = new PendingCall(
                invocation,
                System.nanoTime(),
                TimeUnit.MILLISECONDS.toNanos(current.swapWaitMs()),
                current.timeoutMs());
        CompletableFuture<ServiceOperationResponse> answer = call.answer();
        call.span(CallSpans.start(tracer, invocation, answer));
        CallRateLimit refusing = bulkheads.refusingRateLimit(invocation.connectorId(), invocation.connectionName());
        if (refusing != null) {
            answer.completeExceptionally(InvocationFailures.rateLimited(invocation.connectorId(), refusing));
            return answer.minimalCompletionStage();
        }
        attempt(call, true);
        if (!answer.isDone()) {
            // for the timeout sweep and deactivation; a call answered at once (a non-blocking connector) never is
            sweep.watch(call);
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
        CallTarget target;
        ConnectorTraffic split = traffic.route(invocation); // for a call without a version, if it has one
        try {
            target = CallResolver.resolve(
                    view,
                    invocation,
                    split == null ? null : split.choose(invocation.connectionName()),
                    call::waitingFor);
            if (target != null) {
                if (split != null) {
                    split.observe(target.entry().osgiVersion(), call);
                }
                call.meter(
                        target.registration().meter(listener, target.operation().name()));
                CallSpans.resolved(call.span(), target.entry().version());
                CallResolver.checkInputs(target, invocation);
                CallResolver.checkConnection(target, invocation.connection());
            }
        } catch (InvocationException e) {
            call.answer().completeExceptionally(e);
            return;
        } catch (RuntimeException e) {
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.error(
                        "Could not dispatch operation {} of connector {}",
                        invocation.operationId(),
                        invocation.connectorId(),
                        e);
            }
            call.answer().completeExceptionally(InvocationFailures.internal(e));
            return;
        }
        if (target == null) {
            awaitSwap(call, view);
            return;
        }
        switch (call.claim(target.registration().inFlight())) {
            case CLAIMED -> calls.run(target, call, callerThread);
            case GOING_AWAY -> {
                call.waitingFor("Connector " + target.entry().id() + "@"
                        + target.entry().version() + " is being unregistered");
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
                ScheduledFuture<?> end = sweep.timer().schedule(() -> giveUp(call), left, TimeUnit.NANOSECONDS);
                call.answer().whenComplete((response, failure) -> end.cancel(false));
            }
            // off the thread that changed the catalog: that one may be the framework's, inside a bundle update
            registry.changeAfter(seen.snapshot().revision()).thenRunAsync(() -> attempt(call, false), sweep.timer());
        } catch (RejectedExecutionException e) {
            call.answer().completeExceptionally(InvocationFailures.shuttingDown());
        }
    }

    private void giveUp(PendingCall call) {
        if (!call.giveUp()) {
            return; // started meanwhile
        }
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(call.swapDeadline() - call.acceptedAt());
        String message =
                call.waitingFor() + "; it did not come back within " + waitedMs + " ms (" + PID + " swap.wait.ms)";
        if (call.answer().completeExceptionally(new InvocationException(503, "ConnectorUpdating", message))) {
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.warn("{} failed: {}", call.label(), message);
            }
        }
    }
}
