package dev.switchboard.host.internal.catalog;

import java.util.concurrent.TimeUnit;

/**
 * The calls in flight on one provider, and the gate that lets a provider be drained before it goes away.
 * <p>
 * {@link #tryAcquire()} and {@link #close()} are ordered by one monitor, so once {@code close()} has returned no new
 * call can start; {@link #awaitIdle(long)} then waits for the ones already started. Holds no reference to the
 * provider: a record of a call that never ends (a connector's stage that never completes) keeps only this counter.
 */
public final class InFlightCalls {

    /** Guarded by {@code this}. */
    private int count;
    /** Guarded by {@code this}. */
    private boolean closed;

    /** Counts a call that is about to start; {@code false} once the provider is going away. */
    public synchronized boolean tryAcquire() {
        if (closed) {
            return false;
        }
        count++;
        return true;
    }

    /** Counts a call that is over. Call once per successful {@link #tryAcquire()}. */
    public synchronized void release() {
        if (count > 0 && --count == 0) {
            notifyAll();
        }
    }

    /** Calls started and not over yet. */
    public synchronized int count() {
        return count;
    }

    /** Lets no new call start; returns the calls in flight at that moment. */
    public synchronized int close() {
        closed = true;
        return count;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Waits until no call is in flight, at most {@code timeoutMs}.
     *
     * @return {@code true} when idle, {@code false} when the time ran out first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public synchronized boolean awaitIdle(long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
