package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.switchboard.host.internal.DaemonThreadFactory;

/** The dispatcher's configuration ({@link DispatcherConfiguration}), normalised; immutable, replaced as a whole. */
record DispatcherSettings(long timeoutMs, int maxThreads, int queueCapacity, long swapWaitMs, long nonBlockingLimitMs) {

    DispatcherSettings {
        timeoutMs = Math.max(1, timeoutMs);
        maxThreads = Math.max(1, maxThreads);
        queueCapacity = Math.max(0, queueCapacity);
        swapWaitMs = Math.max(0, swapWaitMs);
        nonBlockingLimitMs = Math.max(0, nonBlockingLimitMs);
    }

    static DispatcherSettings of(DispatcherConfiguration config) {
        return new DispatcherSettings(
                config.invoke_timeout_ms(),
                config.max_threads(),
                config.queue_capacity(),
                config.swap_wait_ms(),
                config.non_blocking_limit_ms());
    }

    /**
     * How often the timeout sweep runs: it bounds how late a timeout fires, so at most 100 ms and finer for short
     * timeouts ({@code invoke.timeout.ms / 20}).
     */
    long sweepPeriodMs() {
        return Math.min(100, Math.max(1, timeoutMs / 20));
    }

    boolean samePool(DispatcherSettings other) {
        return maxThreads == other.maxThreads && queueCapacity == other.queueCapacity;
    }

    ThreadPoolExecutor newPool() {
        BlockingQueue<Runnable> queue =
                queueCapacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueCapacity);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                maxThreads, maxThreads, 60, TimeUnit.SECONDS, queue, new DaemonThreadFactory("switchboard-invoke"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
