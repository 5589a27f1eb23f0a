package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.switchboard.host.api.BulkheadLoad;

/**
 * The share of the dispatcher that one connector id may take: at most {@code maxConcurrent} calls hold a permit
 * (running, or waiting for a connector thread), and at most {@code queueCapacity} more wait here, holding no thread,
 * for one of them to finish. Beyond that the caller is refused, so a connector that hangs fills its own bulkhead and
 * leaves the shared pool to the others.
 * <p>
 * Not resilience4j's bulkheads: its {@code SemaphoreBulkhead} makes a caller wait by blocking its thread, and its
 * {@code ThreadPoolBulkhead} is a thread pool per connector; this one queues calls without a thread in front of the
 * one shared pool. A permit is taken with one {@link Semaphore#tryAcquire()} on the fast path, so a
 * {@code @NonBlocking} call on its caller's thread pays a compare-and-set to enter and one to leave.
 * <p>
 * No wake-up is lost between a call that queues and one that gives its permit back: each publishes first (adds itself
 * to the queue, releases the permit) and then drains, so at least one of the two sees the other.
 */
final class ConnectorBulkhead {

    private final String connector;
    private final int maxConcurrent;
    private final int queueCapacity;
    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Calls refused: no permit and no room in the queue. */
    private final LongAdder rejected = new LongAdder();

    ConnectorBulkhead(String connector, int maxConcurrent, int queueCapacity) {
        this.connector = connector;
        this.maxConcurrent = Math.max(1, maxConcurrent);
        this.queueCapacity = Math.max(0, queueCapacity);
        this.permits = new Semaphore(this.maxConcurrent);
    }

    /**
     * Takes a permit when one is free and no call is queued (calls queued before go first): the caller then starts
     * the call and {@link #release()}s the permit when it is done. Allocates nothing.
     */
    boolean tryEnter() {
        return queued.get() == 0 && permits.tryAcquire();
    }

    /**
     * Queues {@code start} to run once a permit is free (possibly at once, on this thread): it then owns that permit
     * and must release it. {@code false} when the queue is full: refuse the call.
     */
    boolean enqueue(Runnable start) {
        if (queued.incrementAndGet() > queueCapacity) {
            queued.decrementAndGet();
            rejected.increment();
            return false;
        }
        waiting.add(start);
        drain();
        return true;
    }

    /** Gives a permit back; the next queued call, if any, takes it. */
    void release() {
        permits.release();
        // the counter, not the queue: one read on the usual path. A call counted but not yet in the queue drains
        // after adding itself, and finds this permit then
        if (queued.get() > 0) {
            drain();
        }
    }

    /** Takes a queued start out (its call was answered while waiting); {@code false} when it has started. */
    boolean withdraw(Runnable start) {
        if (waiting.remove(start)) {
            queued.decrementAndGet();
            return true;
        }
        return false;
    }

    private void drain() {
        while (!waiting.isEmpty() && permits.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                permits.release(); // taken meanwhile by another drain or withdrawn: look again
                continue;
            }
            queued.decrementAndGet();
            next.run();
        }
    }

    String connector() {
        return connector;
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    int queueCapacity() {
        return queueCapacity;
    }

    /** Calls holding a permit now. */
    int active() {
        return maxConcurrent - permits.availablePermits();
    }

    /** Calls waiting for a permit now. */
    int queued() {
        return queued.get();
    }

    /** Calls refused so far. */
    long rejected() {
        return rejected.sum();
    }

    /** A moment's view, for metrics. */
    BulkheadLoad load() {
        return new BulkheadLoad(connector, Math.max(0, active()), queued(), rejected(), maxConcurrent, queueCapacity);
    }
}
