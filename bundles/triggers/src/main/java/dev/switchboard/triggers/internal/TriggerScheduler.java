package dev.switchboard.triggers.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler every subscription runs on: delivery workers, timers and the retries of waiting subscriptions
 * share its few threads ({@code scheduler.threads}), so the number of threads does not grow with the number of
 * subscriptions. Nothing scheduled on it may block for long: webhook POSTs are asynchronous and event streams are
 * written by the HTTP server's non-blocking I/O.
 */
@Component(service = TriggerScheduler.class, configurationPid = SubscriptionManager.PID)
public final class TriggerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    @Activate
    public TriggerScheduler(TriggersConfiguration config) {
        this(config.scheduler_threads());
    }

    TriggerScheduler(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "switchboard-triggers-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ScheduledThreadPoolExecutor(Math.max(1, threads), factory);
        // a cancelled retry or timer leaves the queue at once instead of when it would have been due
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Modified
    void modified(TriggersConfiguration config) {
        int threads = Math.max(1, config.scheduler_threads());
        if (threads != executor.getCorePoolSize()) {
            executor.setCorePoolSize(threads);
            LOG.info("Trigger scheduler: {} thread(s)", threads);
        }
    }

    ScheduledExecutorService executor() {
        return executor;
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
    }
}
