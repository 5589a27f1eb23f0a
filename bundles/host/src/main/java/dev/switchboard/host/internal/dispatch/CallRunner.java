package dev.switchboard.host.internal.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.catalog.ProviderRegistration;

/**
 * Runs a resolved call whose provider it has claimed: admitted by its connector's bulkhead (or queued behind it, or
 * refused 503 ConnectorBusy), then on the caller's thread when the connector is {@code @NonBlocking} and has kept that
 * promise so far, else on a connector thread. Keeps the calls that hold an in-flight count on a provider, so that
 * deactivation can give them back.
 */
final class CallRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);

    private final ConnectorThreads threads;
    /** Calls running on their caller's thread right now, for the sweep to notice one that hangs there. */
    private final InlineCalls inline;
    /** The dispatcher's settings of the moment (replaced as a whole on a configuration change). */
    private final Supplier<DispatcherSettings> settings;
    /** The bulkheads of the moment (replaced as a whole when the settings or the per-connector limits change). */
    private final Supplier<ConnectorBulkheads> bulkheads;
    /** Calls that hold an in-flight count on a provider, so that deactivation can give it back. */
    private final Set<PendingCall> inFlight = ConcurrentHashMap.newKeySet();

    CallRunner(
            ConnectorThreads threads,
            InlineCalls inline,
            Supplier<DispatcherSettings> settings,
            Supplier<ConnectorBulkheads> bulkheads) {
        this.threads = threads;
        this.inline = inline;
        this.settings = settings;
        this.bulkheads = bulkheads;
    }

    /** How many calls run on their caller's thread now. */
    int inlineCount() {
        return inline.count();
    }

    /** Gives back the in-flight count of every call still holding one: a provider must not wait for them. */
    void releaseAll() {
        for (PendingCall call : List.copyOf(inFlight)) {
            release(call);
        }
    }

    /**
     * Runs a claimed call: on the caller's thread when the connector is {@code @NonBlocking} (and has kept that
     * promise so far), else on a worker thread.
     */
    void run(CallTarget target, PendingCall call, boolean callerThread) {
        call.bound(
                target.operation().name(), target.entry().id(), target.entry().version());
        ConnectorBulkhead bulkhead = bulkheads.get().bulkhead(target.entry().id());
        if (!bulkhead.tryEnter()) {
            queue(target, call, bulkhead);
            return;
        }
        call.admitted(bulkhead);
        ProviderRegistration registration = target.registration();
        int slot = callerThread && registration.invokeInline() ? inline.enter(call) : -1;
        if (slot >= 0) {
            // still on the thread that called invoke(): the call was accepted a moment ago, which times this one
            call.runningInlineOn(registration);
            try {
                ProviderCall.run(target, call, this::release);
            } finally {
                inline.exit(slot);
                call.runningInlineOn(null);
            }
            if (call.answer().isDone()) {
                bulkhead.release(); // the usual case: answered on this thread, both holds end here
            } else {
                call.answer().whenComplete((response, failure) -> call.releaseHold());
                call.releaseHold();
            }
            long heldNanos = System.nanoTime() - call.acceptedAt();
            if (call.holdsInFlight()) {
                // still running: deactivation must be able to give its count back
                track(call);
                if (!call.holdsInFlight()) {
                    inFlight.remove(call); // completed meanwhile, after release() looked
                }
            }
            InlineCalls.revokeIfOver(
                    registration, call, "held", heldNanos, settings.get().nonBlockingLimitMs());
            return;
        }
        callOnPool(target, call);
    }

    /** Runs an admitted call on a connector thread. */
    private void callOnPool(CallTarget target, PendingCall call) {
        call.answer().whenComplete((response, failure) -> call.releaseHold());
        track(call);
        try {
            call.task(threads.submit(() -> ProviderCall.run(target, call, this::release), call));
        } catch (RejectedExecutionException e) {
            call.releaseHold(); // no thread will run it
            release(call);
            InvocationException busy =
                    threads.stopped() ? InvocationFailures.shuttingDown() : InvocationFailures.poolBusy(settings.get());
            call.answer().completeExceptionally(busy);
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.warn("{} was refused: {}", target.label(), busy.getMessage());
            }
        }
    }

    /**
     * The connector's bulkhead is full: the call waits in its queue, without a thread, for one of the connector's
     * calls to finish, then runs on a connector thread; or, when that queue is full too, 503 ConnectorBusy.
     */
    private void queue(CallTarget target, PendingCall call, ConnectorBulkhead bulkhead) {
        Runnable start = () -> startQueued(target, call, bulkhead);
        if (bulkhead.enqueue(start)) {
            // answered while waiting (timeout, shutdown): out of the queue, it holds no permit
            call.answer().whenComplete((response, failure) -> bulkhead.withdraw(start));
            return;
        }
        release(call);
        InvocationException busy = InvocationFailures.connectorBusy(bulkhead);
        if (call.answer().completeExceptionally(busy)) {
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.warn("{} was refused: {}", target.label(), busy.getMessage());
            }
        }
    }

    /** A queued call got a permit of its connector's bulkhead; called by whoever gave one back. */
    private void startQueued(CallTarget target, PendingCall call, ConnectorBulkhead bulkhead) {
        call.admitted(bulkhead);
        if (call.answer().isDone()) {
            bulkhead.release(); // answered while it waited: neither hold is needed
            return;
        }
        try {
            callOnPool(target, call);
        } catch (RuntimeException e) {
            // never out of the bulkhead's drain loop: that would keep the permit and stop the queue
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.error("Could not start {}", target.label(), e);
            }
            call.answer().completeExceptionally(InvocationFailures.internal(e));
        }
    }

    void release(PendingCall call) {
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
}
