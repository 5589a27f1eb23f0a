package dev.switchboard.connector.sql.internal;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few threads ({@code trigger.threads}) on which every trigger subscription of this connector polls, so that the
 * number of threads does not grow with the number of subscriptions. Each subscription is a task that polls once and
 * then schedules its next poll; a poll holds a thread while it runs, so it must be one bounded step. A subscription
 * due again at once (a full batch) goes behind the others already due.
 */
final class PollScheduler {

    /** How long closing waits for a poll in flight (as long as a poller's thread was once joined). */
    static final long CLOSE_WAIT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    /** One poll of one subscription. */
    @FunctionalInterface
    interface Poll {
        /** Polls once; returns the milliseconds until the next poll. */
        long pollOnce();
    }

    PollScheduler(String threadName, int threads) {
        AtomicInteger count = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // a closed subscription's next poll leaves the queue at once, not when it would have been due
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Polls at once, then as each poll says, until the returned handle is closed. */
    Polling start(Poll poll) {
        Polling polling = new Polling(poll);
        polling.lock.lock(); // the first poll waits until its future is known
        try {
            polling.next = executor.schedule(polling, 0, TimeUnit.MILLISECONDS);
        } finally {
            polling.lock.unlock();
        }
        return polling;
    }

    /** Live threads of the pool. */
    int threads() {
        return executor.getPoolSize();
    }

    /** Stops every poll (interrupting those in flight) and waits for them, bounded. */
    void shutdown() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("trigger polls still running {} ms after the connector stopped; they end on their own",
                        CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The polls of one subscription. */
    final class Polling implements Runnable, AutoCloseable {
        private final Poll poll;
        /** Held while polling and rescheduling: close() takes it to wait for a poll in flight. */
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean closed;
        private volatile Future<?> next;

        Polling(Poll poll) {
            this.poll = poll;
        }

        @Override
        public void run() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                long delay = poll.pollOnce();
                if (!closed) {
                    next = executor.schedule(this, delay, TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                // the connector is stopping
            } finally {
                lock.unlock();
            }
        }

        /** Stops polling: no poll starts after this returns; waits (bounded) for a poll in flight. */
        @Override
        public void close() {
            closed = true;
            next.cancel(true); // a poll in flight is interrupted (waiting for the sink, say)
            try {
                if (lock.tryLock(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    try {
                        next.cancel(false); // scheduled by a poll that ended meanwhile
                    } finally {
                        lock.unlock();
                    }
                } else {
                    LOG.warn("a trigger poll still runs {} ms after its subscription closed; it is not repeated",
                            CLOSE_WAIT_MS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
