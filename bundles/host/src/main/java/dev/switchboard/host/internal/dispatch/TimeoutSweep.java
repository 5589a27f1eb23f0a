package dev.switchboard.host.internal.dispatch;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.internal.catalog.ProviderRegistration;

/**
 * The dispatcher's timer: one periodic sweep over the calls not yet answered that answers 504 to every call accepted
 * longer ago than its timeout (the one in force when it was accepted), and notices a {@code @NonBlocking} connector
 * that holds its caller's thread too long; and the dispatcher's other delayed work (the end of a swap wait, a call
 * resumed after the catalog changed).
 * <p>
 * One sweep rather than a timer per call: arming and cancelling a task per call woke the timer thread on every call
 * (see BENCHMARKS.md). Its period bounds how late a timeout fires, so it follows the invocation timeout
 * ({@link #rearm}): a period set once would leave timeouts up to 100 ms late after {@code invoke.timeout.ms} was
 * lowered to, say, 40 ms, against the contract of at most a twentieth.
 */
final class TimeoutSweep {

    private static final Logger LOG = LoggerFactory.getLogger(TimeoutSweep.class);

    private final ScheduledThreadPoolExecutor timer;
    /** Calls not yet answered: the sweep looks at them, and deactivation can still answer them. */
    private final Set<PendingCall> pending = ConcurrentHashMap.newKeySet();

    private final InlineCalls inline;
    private final LongSupplier nonBlockingLimitMs;
    /** Gives back the in-flight count of a call that timed out before it reached its provider. */
    private final Consumer<PendingCall> release;
    /** Guarded by this. */
    private ScheduledFuture<?> periodic;

    private volatile long periodMs;

    TimeoutSweep(InlineCalls inline, LongSupplier nonBlockingLimitMs, Consumer<PendingCall> release, long periodMs) {
        this.inline = inline;
        this.nonBlockingLimitMs = nonBlockingLimitMs;
        this.release = release;
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-invoke-timeout"));
        this.timer.setRemoveOnCancelPolicy(true);
        rearm(periodMs);
    }

    /** Sweeps every {@code period} ms from now on; nothing changes when that is the period already. */
    synchronized void rearm(long period) {
        if (periodic != null && period == periodMs) {
            return;
        }
        if (periodic != null) {
            periodic.cancel(false);
        }
        periodMs = period;
        periodic = timer.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    long periodMs() {
        return periodMs;
    }

    /** Times {@code call} out until it is answered. */
    void watch(PendingCall call) {
        pending.add(call);
        call.answer().whenComplete((response, failure) -> pending.remove(call));
    }

    ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    boolean isShutdown() {
        return timer.isShutdown();
    }

    /** Stops the timer and answers every call still watched with {@code stopping}. */
    void shutdownNow(InvocationException stopping) {
        timer.shutdownNow();
        for (PendingCall call : List.copyOf(pending)) {
            call.answer().completeExceptionally(stopping);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        long limitMs = nonBlockingLimitMs.getAsLong();
        inline.forEach(call -> {
            // a @NonBlocking connector still holding its caller's thread: no more calls on callers' threads for it
            ProviderRegistration registration = call.runningInlineOn();
            if (registration != null) {
                InlineCalls.revokeIfOver(registration, call, "has been holding", now - call.acceptedAt(), limitMs);
            }
        });
        for (PendingCall call : pending) {
            if (now - call.acceptedAt() >= TimeUnit.MILLISECONDS.toNanos(call.timeoutMs())) {
                try {
                    timedOut(call);
                } catch (RuntimeException e) {
                    // never let one call stop the sweep: a periodic task that throws is not run again
                    try (ConnectorLogContext logContext = call.logContext()) {
                        LOG.error("Could not time out {}", call.label(), e);
                    }
                }
            }
        }
    }

    private void timedOut(PendingCall call) {
        String message = call.label() + " did not complete within " + call.timeoutMs() + " ms"
                + (call.holdsInFlight() || call.waitingFor() == null ? "" : " (" + call.waitingFor() + ")");
        if (call.answer().completeExceptionally(new InvocationException(504, "Timeout", message))) {
            try (ConnectorLogContext logContext = call.logContext()) {
                LOG.warn("{}", message);
            }
            if (call.enter()) {
                release.accept(call); // never reached the provider: nothing to wait for
            }
            Future<?> task = call.task();
            if (task != null) {
                task.cancel(true); // frees the thread if the connector is blocked in invokeOperation itself
            }
        }
    }
}
