package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.internal.catalog.InFlightCalls;

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
    private final CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
    /** Started on a provider, or given up waiting for one: only one of the two happens. */
    private final AtomicBoolean settled = new AtomicBoolean();
    /** The provider was entered, or the call abandoned before: whoever sets it first decides who releases. */
    private final AtomicBoolean entered = new AtomicBoolean();
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final AtomicReference<InFlightCalls> inFlight = new AtomicReference<>();
    private volatile String label;
    private volatile String waitingFor;
    private volatile Future<?> task;

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
        if (settled.get() || answer.isDone()) {
            return Claim.SETTLED;
        }
        if (!calls.tryAcquire()) {
            return Claim.GOING_AWAY;
        }
        if (!settled.compareAndSet(false, true)) {
            calls.release();
            return Claim.SETTLED;
        }
        inFlight.set(calls);
        return Claim.CLAIMED;
    }

    /** Stops waiting for a provider; {@code false} when the call has started meanwhile. */
    boolean giveUp() {
        return settled.compareAndSet(false, true);
    }

    /** {@code true} exactly once: for the worker about to call the provider, or for whoever abandons the call. */
    boolean enter() {
        return entered.compareAndSet(false, true);
    }

    /** Gives the provider's in-flight count back; harmless when called again. */
    void releaseInFlight() {
        InFlightCalls calls = inFlight.getAndSet(null);
        if (calls != null) {
            calls.release();
        }
    }

    boolean holdsInFlight() {
        return inFlight.get() != null;
    }

    /** {@code true} the first time: the caller arms the swap wait's end. */
    boolean startWaiting() {
        return waiting.compareAndSet(false, true);
    }

    String label() {
        String known = label;
        return known != null ? known
                : "Operation " + invocation.operationId() + " of connector " + invocation.connectorId();
    }

    void label(String value) {
        this.label = value;
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
}
