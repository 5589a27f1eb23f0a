package dev.switchboard.host.internal.dispatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CallOutcome;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.InvocationListener.CallMeter;
import dev.switchboard.host.api.InvocationTracer.CallSpan;
import dev.switchboard.host.internal.catalog.InFlightCalls;
import dev.switchboard.host.internal.catalog.ProviderRegistration;
import dev.switchboard.host.internal.logging.InvocationTraces;

/**
 * One call from the moment it is accepted until the provider is done with it: the answer for the caller, whether it
 * is waiting for a connector that is being updated, and the in-flight count it holds on a provider.
 * <p>
 * The answer and the in-flight count end at different times on purpose: the caller may get 504 while the provider
 * is still working, and the provider must not be unregistered under that work. The count is released when the
 * provider's stage completes, or when the call is abandoned before it reached the provider. It references the
 * counter only, never the provider, so a call that never ends cannot pin an old class loader through the host.
 */
final class PendingCall {

    // field handles rather than Atomic* objects: one allocation per call instead of five (see BENCHMARKS.md)
    private static final VarHandle SETTLED;
    private static final VarHandle ENTERED;
    private static final VarHandle WAITING;
    private static final VarHandle IN_FLIGHT;
    private static final VarHandle HOLDS;
    private static final VarHandle GUARD;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            SETTLED = lookup.findVarHandle(PendingCall.class, "settled", boolean.class);
            ENTERED = lookup.findVarHandle(PendingCall.class, "entered", boolean.class);
            WAITING = lookup.findVarHandle(PendingCall.class, "waiting", boolean.class);
            IN_FLIGHT = lookup.findVarHandle(PendingCall.class, "inFlight", InFlightCalls.class);
            HOLDS = lookup.findVarHandle(PendingCall.class, "holds", int.class);
            GUARD = lookup.findVarHandle(PendingCall.class, "guard", CallMeter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What {@link #claim} found. */
    enum Claim {
        /** The provider is counted for this call: start it. */
        CLAIMED,
        /** The provider is going away: look again once the catalog has changed. */
        GOING_AWAY,
        /** The call was already answered or given up: nothing to do. */
        SETTLED
    }

    private final Invocation invocation;
    private final long acceptedAt;
    private final long timeoutMs;
    private final long swapDeadline;
    private final CompletableFuture<ServiceOperationResponse> answer = new MeteredAnswer();
    /** Told how the call ended, once it is bound to an operation; null without metrics. */
    private volatile CallMeter meter;
    /** A canary version's guard ({@link ErrorRateGuard}): told of the outcome before the caller gets the answer. */
    private volatile CallMeter guard;
    /** The call's span when a tracer is registered (ended by the answer itself: see CallSpans); else null. */
    private volatile CallSpan span;
    /** Started on a provider, or given up waiting for one: only one of the two happens. */
    private volatile boolean settled;
    /** The provider was entered, or the call abandoned before: whoever sets it first decides who releases. */
    private volatile boolean entered;

    private volatile boolean waiting;
    private volatile InFlightCalls inFlight;
    /**
     * The provider's registration while the call runs on its caller's thread, for the sweep; plain: written before
     * the call is published in {@link InlineCalls} (a compare-and-set) and cleared by the same thread afterwards.
     */
    private ProviderRegistration runningInlineOn;
    /** Put in the dispatcher's set of calls in flight (a call answered on the caller's thread never is). */
    private volatile boolean tracked;
    /** Where the call was bound, for its label: built only when a message needs it. */
    private volatile String boundOperation;

    private volatile String boundConnector;
    private volatile String boundVersion;
    private volatile String waitingFor;
    private volatile Future<?> task;
    /**
     * The connector's bulkhead once the call holds one of its permits; plain, like {@link #holds}: both are written
     * before the call is handed to another thread (a completion callback, the pool), which orders them.
     */
    private ConnectorBulkhead bulkhead;
    /**
     * Who still needs the bulkhead permit: the caller until it has its answer, the thread that runs the provider
     * until {@code invokeOperation} has returned. The last one gives the permit back, so a connector that hangs in
     * {@code invokeOperation} past its 504 still counts against its own bulkhead, not against the others.
     */
    private int holds;

    PendingCall(Invocation invocation, long acceptedAt, long swapWaitNanos, long timeoutMs) {
        this.invocation = invocation;
        this.acceptedAt = acceptedAt;
        this.swapDeadline = acceptedAt + swapWaitNanos;
        this.timeoutMs = timeoutMs;
    }

    /** The invocation timeout in force when the call was accepted: a later configuration change does not move it. */
    long timeoutMs() {
        return timeoutMs;
    }

    Invocation invocation() {
        return invocation;
    }

    CompletableFuture<ServiceOperationResponse> answer() {
        return answer;
    }

    long acceptedAt() {
        return acceptedAt;
    }

    long swapDeadline() {
        return swapDeadline;
    }

    /** Counts this call on the provider unless it is going away or the call is already settled. */
    Claim claim(InFlightCalls calls) {
        if (settled || answer.isDone()) {
            return Claim.SETTLED;
        }
        if (!calls.tryAcquire()) {
            return Claim.GOING_AWAY;
        }
        if (!SETTLED.compareAndSet(this, false, true)) {
            calls.release();
            return Claim.SETTLED;
        }
        inFlight = calls;
        return Claim.CLAIMED;
    }

    /** Stops waiting for a provider; {@code false} when the call has started meanwhile. */
    boolean giveUp() {
        return SETTLED.compareAndSet(this, false, true);
    }

    /** {@code true} exactly once: for the worker about to call the provider, or for whoever abandons the call. */
    boolean enter() {
        return ENTERED.compareAndSet(this, false, true);
    }

    /** Gives the provider's in-flight count back; harmless when called again. */
    void releaseInFlight() {
        InFlightCalls calls = (InFlightCalls) IN_FLIGHT.getAndSet(this, null);
        if (calls != null) {
            calls.release();
        }
    }

    ProviderRegistration runningInlineOn() {
        return runningInlineOn;
    }

    void runningInlineOn(ProviderRegistration registration) {
        this.runningInlineOn = registration;
    }

    boolean tracked() {
        return tracked;
    }

    void tracked(boolean value) {
        this.tracked = value;
    }

    boolean holdsInFlight() {
        return inFlight != null;
    }

    /** {@code true} the first time: the caller arms the swap wait's end. */
    boolean startWaiting() {
        return WAITING.compareAndSet(this, false, true);
    }

    String label() {
        String version = boundVersion;
        return version != null
                ? "Operation " + boundOperation + " of connector " + boundConnector + "@" + version
                : "Operation " + invocation.operationId() + " of connector " + invocation.connectorId();
    }

    /**
     * The log context of the host's lines about this call (a timeout, a refusal): its connector, the version once it
     * is bound to one, and its trace, so that they show among the connector's lines. Close it after logging.
     */
    ConnectorLogContext logContext() {
        String connector = boundConnector;
        return InvocationTraces.logContext(
                connector != null ? connector : invocation.connectorId(), boundVersion, invocation);
    }

    /** The connector version and operation the call is bound to (kept as the strings they are, nothing built). */
    void bound(String operation, String connector, String version) {
        this.boundOperation = operation;
        this.boundConnector = connector;
        this.boundVersion = version;
    }

    CallSpan span() {
        return span;
    }

    void span(CallSpan value) {
        this.span = value;
    }

    /** The guard of the canary version the call resolved to, told once, before the answer completes. */
    void guard(CallMeter value) {
        this.guard = value;
    }

    /** The meter of the operation the call resolved to, told when the answer completes. */
    void meter(CallMeter value) {
        this.meter = value;
    }

    String waitingFor() {
        return waitingFor;
    }

    void waitingFor(String reason) {
        this.waitingFor = reason;
    }

    Future<?> task() {
        return task;
    }

    void task(Future<?> value) {
        this.task = value;
    }

    /**
     * The answer reports how the call ended to its meter whoever completes it (the provider's stage, a refusal, the
     * timeout sweep): one hook instead of one per place that answers. No allocation: the outcome is an enum.
     */
    private final class MeteredAnswer extends CompletableFuture<ServiceOperationResponse> {

        @Override
        public boolean complete(ServiceOperationResponse value) {
            CallOutcome outcome = value == null ? CallOutcome.SERVER_ERROR : CallOutcome.ofStatus(value.statusCode());
            guarded(outcome);
            boolean done = super.complete(value);
            if (done) {
                ended(outcome);
            }
            return done;
        }

        @Override
        public boolean completeExceptionally(Throwable failure) {
            CallOutcome outcome = failure instanceof InvocationException e ? outcome(e) : CallOutcome.SERVER_ERROR;
            guarded(outcome);
            boolean done = super.completeExceptionally(failure);
            if (done) {
                ended(outcome);
            }
            return done;
        }

        /**
         * Before the caller has the answer, so that a guard that trips on it has moved the traffic before the caller
         * can send its next call. Once: the first completion takes the guard (a second, losing completion such as a
         * timeout racing the answer finds none).
         */
        private void guarded(CallOutcome outcome) {
            if (guard == null || isDone()) {
                return;
            }
            CallMeter g = (CallMeter) GUARD.getAndSet(PendingCall.this, (CallMeter) null);
            if (g != null) {
                try {
                    g.ended(outcome, 0);
                } catch (RuntimeException e) {
                    // the guard must never fail the call; it logs its own problems
                }
            }
        }

        private void ended(CallOutcome outcome) {
            CallMeter m = meter;
            if (m != null) {
                try {
                    m.ended(outcome, System.nanoTime() - acceptedAt);
                } catch (RuntimeException e) {
                    // a metrics failure must never fail the call; the listener logs its own problems
                }
            }
        }

        private static CallOutcome outcome(InvocationException e) {
            return switch (e.code() == null ? "" : e.code()) {
                case "Busy", "ConnectorBusy", "RateLimited" -> CallOutcome.REJECTED;
                default -> CallOutcome.ofStatus(e.status());
            };
        }
    }

    /** The call holds a permit of {@code permits}, for its answer and for the thread that runs it. */
    void admitted(ConnectorBulkhead permits) {
        this.bulkhead = permits;
        this.holds = 2;
    }

    ConnectorBulkhead bulkhead() {
        return bulkhead;
    }

    /** The answer, or the thread, is done with the bulkhead permit; the second of the two gives it back. */
    void releaseHold() {
        if ((int) HOLDS.getAndAdd(this, -1) == 1) {
            bulkhead.release();
        }
    }
}
