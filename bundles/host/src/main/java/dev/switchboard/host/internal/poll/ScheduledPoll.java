package dev.switchboard.host.internal.poll;

import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.support.Poll;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Polling;

/** One subscription's chain of polls on the {@link SharedPollScheduler}: each poll schedules the next. */
final class ScheduledPoll implements Polling, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPoll.class);

    private final SharedPollScheduler scheduler;
    private final String name;
    private final Poll poll;
    /** Held while polling and rescheduling: close() takes it to wait for a poll in flight. */
    private final ReentrantLock lock = new ReentrantLock();

    private volatile boolean closed;
    /** The poll on a worker (queued or running), cancelled with interruption on close. */
    private volatile Future<?> current;
    /** The wait for the next poll on the timer. */
    private volatile Future<?> next;
    // the poll in flight, guarded by this: its thread (null between polls), when it started, whether it overran
    private Thread runner;
    private long startedNanos;
    private boolean hung;

    ScheduledPoll(SharedPollScheduler scheduler, String name, Poll poll) {
        this.scheduler = scheduler;
        this.name = name;
        this.poll = poll;
    }

    String name() {
        return name;
    }

    /** When the poll in flight started ({@link System#nanoTime()}); 0 between polls. */
    synchronized long startedNanos() {
        return runner == null ? 0 : startedNanos;
    }

    /**
     * Marks the poll that started at {@code started} as hung and interrupts it; {@code true} the first time, while it
     * still runs (never a later poll of the same subscription).
     */
    synchronized boolean markHung(long started) {
        if (runner == null || startedNanos != started || hung) {
            return false;
        }
        hung = true;
        runner.interrupt();
        return true;
    }

    /** Queues the next poll on a worker (the task is known before it can run, so close() can always cancel it). */
    void submit() {
        if (closed) {
            return;
        }
        FutureTask<Void> task = new FutureTask<>(this, null);
        current = task;
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            // the scheduler is stopping
        }
    }

    @Override
    public void run() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long delay = pollOnce();
            if (!closed) {
                if (delay == 0) {
                    submit();
                } else {
                    next = scheduler.schedule(this, delay);
                }
            }
        } catch (RejectedExecutionException e) {
            // the scheduler is stopping
        } finally {
            lock.unlock();
        }
    }

    private long pollOnce() {
        synchronized (this) {
            runner = Thread.currentThread();
            startedNanos = System.nanoTime();
        }
        scheduler.started(this);
        try {
            return Math.max(0, poll.pollOnce());
        } catch (InterruptedException e) {
            return scheduler.settings().retryDelayMs(); // closing, hung, or the scheduler stopping
        } catch (Exception | LinkageError | AssertionError e) {
            return failed(e);
        } finally {
            boolean wasHung;
            synchronized (this) {
                runner = null;
                wasHung = hung;
                hung = false;
            }
            Thread.interrupted(); // an interruption meant for this poll ends with it
            scheduler.ended(this, wasHung);
        }
    }

    private long failed(Throwable e) {
        long delay = scheduler.settings().retryDelayMs();
        if (!closed) {
            LOG.warn("the poll of {} failed ({}); polling again in {} ms", name, e.toString(), delay);
            LOG.debug("the poll of {} failed", name, e);
        }
        return delay;
    }

    @Override
    public void close() {
        closed = true;
        cancel(true); // a poll in flight is interrupted (waiting for the sink, say)
        try {
            if (lock.tryLock(PollScheduler.CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                try {
                    cancel(false); // scheduled by a poll that ended meanwhile
                } finally {
                    lock.unlock();
                }
            } else {
                LOG.warn(
                        "the poll of {} still runs {} ms after its subscription closed; it is not repeated",
                        name,
                        PollScheduler.CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cancel(boolean interrupt) {
        Future<?> waiting = next;
        if (waiting != null) {
            waiting.cancel(false);
        }
        Future<?> running = current;
        if (running != null) {
            running.cancel(interrupt);
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
