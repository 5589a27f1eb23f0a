package dev.switchboard.host.internal.dispatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * The pool of connector threads all connectors share (each within its bulkhead), replaced as a whole when its size
 * or queue changes: calls already queued on the old pool still run there, new ones go to the new pool.
 */
final class ConnectorThreads {

    /** Replaced when the pool's size or queue changes. */
    private volatile ThreadPoolExecutor workers;
    /** Pools replaced by a configuration change, still finishing their calls; stopped with this. */
    private final Set<ThreadPoolExecutor> retired = ConcurrentHashMap.newKeySet();

    private volatile boolean stopped;

    ConnectorThreads(DispatcherSettings settings) {
        this.workers = settings.newPool();
    }

    /** A new pool for the calls that come; the old one finishes what it has queued. */
    void replace(DispatcherSettings settings) {
        ThreadPoolExecutor old = workers;
        workers = settings.newPool();
        retired.add(old);
        old.shutdown(); // what is queued there still runs; a call that raced the swap is submitted again
        retired.removeIf(ThreadPoolExecutor::isTerminated);
    }

    /**
     * Runs {@code body} for {@code call} on a connector thread; the thread's hold on the call's bulkhead permit ends
     * when it is done (or at once for a call cancelled before it started).
     *
     * @throws RejectedExecutionException when every thread is busy and the queue full, or once {@link #stopped}
     */
    Future<?> submit(Runnable body, PendingCall call) {
        ThreadPoolExecutor current = workers;
        CallTask task = new CallTask(body, call);
        while (true) {
            try {
                current.execute(task);
                return task;
            } catch (RejectedExecutionException e) {
                // retired by a configuration change meanwhile: on the pool that replaced it
                if (current == workers || stopped) {
                    throw e;
                }
                current = workers;
            }
        }
    }

    boolean stopped() {
        return stopped;
    }

    int active() {
        return workers.getActiveCount();
    }

    int queued() {
        return workers.getQueue().size();
    }

    void shutdownNow() {
        stopped = true;
        workers.shutdownNow();
        retired.forEach(ThreadPoolExecutor::shutdownNow);
    }

    /**
     * A call on a connector thread. A pool runs every task it accepted, cancelled or not (shutdownNow aside), so the
     * thread's hold on the bulkhead permit ends here: when the provider has returned, or at once for a call
     * cancelled before it started.
     */
    private static final class CallTask extends FutureTask<Void> {

        private final PendingCall call;

        CallTask(Runnable body, PendingCall call) {
            super(body, null);
            this.call = call;
        }

        @Override
        public void run() {
            try {
                super.run();
            } finally {
                call.releaseHold();
            }
        }
    }
}
