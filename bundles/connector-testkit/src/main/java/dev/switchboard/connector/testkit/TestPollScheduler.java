package dev.switchboard.connector.testkit;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.connector.support.Poll;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Polling;

/**
 * A {@link PollScheduler} for a connector's unit tests, where the host's shared one is not running: polls on
 * {@code threads} daemon threads named {@code <threadName>-<n>}, keeping the contract (one poll of a subscription at
 * a time; a throwing poll is polled again after {@link #RETRY_DELAY_MS}; close interrupts and waits for the poll in
 * flight). It has no time limit for hung polls. Close it after the test to end its threads.
 * <pre>{@code
 * try (TestPollScheduler scheduler = new TestPollScheduler("my-trigger", 2)) {
 *     MyConnector connector = new MyConnector(settings, scheduler);
 *     ...
 * }
 * }</pre>
 */
public final class TestPollScheduler implements PollScheduler, AutoCloseable {

    /** The delay after a poll that threw. */
    public static final long RETRY_DELAY_MS = 1000;

    private final ScheduledThreadPoolExecutor executor;

    /**
     * A scheduler with its own threads.
     *
     * @param threadName the threads' name prefix
     * @param threads how many threads (at least 1)
     */
    public TestPollScheduler(String threadName, int threads) {
        AtomicInteger count = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(threads, task -> {
            Thread thread = new Thread(task, threadName + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Polling start(String name, Poll poll) {
        Chain chain = new Chain(poll);
        chain.next = executor.schedule(chain, 0, TimeUnit.MILLISECONDS);
        chain.ready.release();
        return chain;
    }

    /** Live threads. */
    public int threads() {
        return executor.getPoolSize();
    }

    /** Interrupts every poll in flight and ends the threads (waiting at most {@link #CLOSE_WAIT_MS}). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One subscription: each poll schedules the next. */
    private final class Chain implements Polling, Runnable {
        private final Poll poll;
        /** One permit while no poll runs: a poll holds it, close() takes it to wait for the poll in flight. */
        private final Semaphore idle = new Semaphore(1);
        /** Released once {@link #next} holds the first poll. */
        private final Semaphore ready = new Semaphore(0);

        private volatile boolean closed;
        private volatile ScheduledFuture<?> next;

        Chain(Poll poll) {
            this.poll = poll;
        }

        @Override
        public void run() {
            ready.acquireUninterruptibly();
            ready.release();
            idle.acquireUninterruptibly(); // a poll due at once may start before the one that scheduled it ended
            try {
                if (closed) {
                    return;
                }
                long delay;
                try {
                    delay = poll.pollOnce();
                } catch (Exception e) { // interrupted (closing) or failed
                    delay = RETRY_DELAY_MS;
                }
                if (!closed) {
                    next = executor.schedule(this, Math.max(0, delay), TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException e) {
                // the scheduler is closing
            } finally {
                idle.release();
            }
        }

        @Override
        public void close() {
            closed = true;
            next.cancel(true);
            try {
                if (idle.tryAcquire(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    next.cancel(false);
                    idle.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public boolean isClosed() {
            return closed;
        }
    }
}
