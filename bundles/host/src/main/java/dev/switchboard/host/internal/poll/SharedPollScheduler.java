package dev.switchboard.host.internal.poll;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.support.Poll;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Polling;
import dev.switchboard.host.internal.DaemonThreadFactory;

/**
 * The host's {@link PollScheduler}: every polling subscription of every connector runs on one bounded pool of
 * {@code threads} worker threads ({@code switchboard-poll-<n>}); one timer thread ({@code switchboard-poll-timer-1})
 * only waits for the next poll to be due and never runs a poll. Policy:
 * <ul>
 * <li>each subscription is one chain of polls, so a poll that blocks holds one thread, never more;</li>
 * <li>a poll that throws is logged (WARN) and polled again after {@code retry.delay.ms};</li>
 * <li>a poll running longer than {@code poll.timeout.ms} is interrupted and, until it ends, counted as hung; for each
 * hung poll the pool grows by one thread, up to {@code spare.threads} more, so up to that many hung polls delay no
 * other subscription; the pool shrinks again as they end. Beyond that the others wait for a free thread;</li>
 * <li>a new configuration resizes the pool in place (no subscription stops); deactivation interrupts the polls in
 * flight and ends every thread (the connectors, which reference this service, stop first).</li>
 * </ul>
 */
@Component(service = PollScheduler.class, configurationPid = SharedPollScheduler.PID)
@Designate(ocd = PollSchedulerConfiguration.class)
public final class SharedPollScheduler implements PollScheduler {

    static final String PID = "dev.switchboard.host.poll";

    private static final Logger LOG = LoggerFactory.getLogger(SharedPollScheduler.class);

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor workers;
    private final Set<ScheduledPoll> inFlight = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> watchdog;
    private volatile PollSettings settings;
    /** Polls over their time limit that still run (guarded by this). */
    private int hung;

    @Activate
    public SharedPollScheduler(PollSchedulerConfiguration config) {
        this(PollSettings.of(config));
    }

    SharedPollScheduler(PollSettings settings) {
        this.settings = settings;
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-poll-timer"));
        // a closed subscription's next poll leaves the queue at once, not when it would have been due
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.workers = new ThreadPoolExecutor(
                settings.threads(),
                settings.threads(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DaemonThreadFactory("switchboard-poll"));
        long period = settings.watchPeriodMs();
        this.watchdog = timer.scheduleWithFixedDelay(this::interruptOverdue, period, period, TimeUnit.MILLISECONDS);
        LOG.debug("poll scheduler ready: {}", settings);
    }

    @Modified
    void modified(PollSchedulerConfiguration config) {
        reconfigure(PollSettings.of(config));
    }

    /** Takes new settings in place: the pool is resized, no subscription stops. */
    void reconfigure(PollSettings newSettings) {
        settings = newSettings;
        resize();
        LOG.info("poll scheduler reconfigured: {}", newSettings);
    }

    @Deactivate
    void deactivate() {
        watchdog.cancel(false);
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "polls still running {} ms after the poll scheduler stopped; they end on their own",
                        CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Polling start(String name, Poll poll) {
        ScheduledPoll scheduled = new ScheduledPoll(this, name, poll);
        scheduled.submit();
        return scheduled;
    }

    /** Live worker threads (spare ones included). */
    int threads() {
        return workers.getPoolSize();
    }

    /** Polls over their time limit that still run. */
    synchronized int hung() {
        return hung;
    }

    PollSettings settings() {
        return settings;
    }

    /** Runs {@code poll} on a worker, behind the polls already due. */
    void execute(Runnable poll) {
        workers.execute(poll);
    }

    /** Submits {@code poll} to a worker in {@code delayMs}. */
    ScheduledFuture<?> schedule(ScheduledPoll poll, long delayMs) {
        return timer.schedule(poll::submit, delayMs, TimeUnit.MILLISECONDS);
    }

    void started(ScheduledPoll poll) {
        inFlight.add(poll);
    }

    void ended(ScheduledPoll poll, boolean wasHung) {
        inFlight.remove(poll);
        if (wasHung) {
            synchronized (this) {
                hung--;
            }
            resize();
        }
    }

    /** The watchdog: interrupts each poll over its time limit once, and lends a spare thread while it runs on. */
    private void interruptOverdue() {
        long limitNanos = TimeUnit.MILLISECONDS.toNanos(settings.pollTimeoutMs());
        long now = System.nanoTime();
        for (ScheduledPoll poll : inFlight) {
            long started = poll.startedNanos();
            if (started != 0 && now - started > limitNanos && poll.markHung(started)) {
                synchronized (this) {
                    hung++;
                }
                LOG.warn(
                        "the poll of {} has run for more than {} ms: interrupted; while it runs on, the other "
                                + "subscriptions poll on a spare thread",
                        poll.name(),
                        settings.pollTimeoutMs());
                resize();
            }
        }
    }

    /** {@code threads} plus one spare per hung poll, at most {@code spare.threads}. */
    private synchronized void resize() {
        PollSettings s = settings;
        int size = s.threads() + Math.min(hung, s.spareThreads());
        try {
            if (size >= workers.getMaximumPoolSize()) {
                workers.setMaximumPoolSize(size);
                workers.setCorePoolSize(size);
            } else {
                workers.setCorePoolSize(size);
                workers.setMaximumPoolSize(size);
            }
        } catch (IllegalArgumentException | RejectedExecutionException e) {
            LOG.debug("pool not resized: {}", e.toString());
        }
    }
}
