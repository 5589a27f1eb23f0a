package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.TraceContext;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.triggers.api.EventListener;

/**
 * Delivers one subscription's stored batches, oldest first: to its webhook (retried with exponential backoff,
 * dead-lettered after the configured number of attempts) or, for a stream subscription, to the listeners connected to
 * its event stream. A batch leaves the store only once delivered or dead-lettered.
 * <p>
 * It owns no thread: each step (one batch) runs as a task on the scheduler shared by every subscription, and the next
 * step is scheduled when this one is over (at once, when its batch is due, or when {@link #wake} says something
 * changed). A webhook POST is asynchronous, so a slow receiver holds no scheduler thread. At most one step of a worker
 * runs at a time.
 */
final class DeliveryWorker {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
    /** How long an idle worker sleeps when nothing wakes it (appends, listeners and settings all do). */
    private static final long IDLE_MS = 5000;

    private static final long RETRY_MS = 1000;

    private final String id;
    private final Supplier<SubscriptionRecord> record;
    private final TriggerStore store;
    private final WebhookSender sender;
    private final Supplier<DeliveryPolicy> policy;
    private final ScheduledExecutorService scheduler;
    private final DeliveryObservers observers;
    final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private boolean stopped;
    /** A step is running (or its POST is in flight). */
    private boolean running;
    /** {@link #wake} was called while a step was running: the next step is due at once. */
    private boolean again;

    private ScheduledFuture<?> next;
    private CompletableFuture<String> inFlight;

    /** @param observers told of each delivered batch and its latency */
    DeliveryWorker(
            String id,
            Supplier<SubscriptionRecord> record,
            TriggerStore store,
            WebhookSender sender,
            Supplier<DeliveryPolicy> policy,
            ScheduledExecutorService scheduler,
            DeliveryObservers observers) {
        this.id = id;
        this.record = record;
        this.store = store;
        this.sender = sender;
        this.policy = policy;
        this.scheduler = scheduler;
        this.observers = observers;
    }

    void start() {
        wake();
    }

    /** Something changed (a batch stored, a listener connected, new settings): the next step runs now. */
    void wake() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            if (next != null && !next.isDone()) {
                if (next.getDelay(TimeUnit.MILLISECONDS) <= 0) {
                    return;
                }
                next.cancel(false);
            }
            schedule(0);
        }
    }

    /** No step starts after this returns; one that is running is waited for (its POST is cancelled). */
    void stop() {
        synchronized (lock) {
            stopped = true;
            if (next != null) {
                next.cancel(false);
            }
            if (inFlight != null) {
                inFlight.cancel(true);
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (running && inFlight == null) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    /** Called holding the lock. */
    private void schedule(long delayMs) {
        try {
            next = scheduler.schedule(this::step, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the scheduler is shutting down: so is the host
        }
    }

    private void step() {
        synchronized (lock) {
            if (stopped || running) {
                return;
            }
            running = true;
            again = false;
        }
        long delay;
        try (ConnectorLogContext logContext = ConnectorLogContext.open(connector(), null, null)) {
            try {
                delay = deliverNext();
            } catch (RuntimeException e) {
                delay = failedUnexpectedly(e);
            }
        }
        if (delay >= 0) {
            finish(delay, false);
        }
    }

    /**
     * Ends a step and arranges the next one.
     *
     * @param inline whether the caller may run the next step itself when it is due at once
     * @return {@code true} when the caller is to run the next step now (it was not scheduled)
     */
    private boolean finish(long delayMs, boolean inline) {
        synchronized (lock) {
            running = false;
            inFlight = null;
            lock.notifyAll();
            if (stopped) {
                return false;
            }
            long delay = again ? 0 : delayMs;
            again = false;
            if (inline && delay <= 0) {
                return true;
            }
            schedule(delay);
            return false;
        }
    }

    private long failedUnexpectedly(RuntimeException e) {
        if (e instanceof LeaseLostException) {
            // cluster mode: another node runs it now; this worker is stopped at the next lease pass
            LOG.info("Delivery of subscription {} paused: {}", id, e.getMessage());
        } else if (!isStopped()) {
            LOG.warn("Delivery of subscription {} failed unexpectedly; retrying", id, e);
        }
        return RETRY_MS;
    }

    private boolean isStopped() {
        synchronized (lock) {
            return stopped;
        }
    }

    /** @return when to run the next step (ms), or -1 when a POST is in flight and its completion schedules it */
    private long deliverNext() {
        SubscriptionRecord rec = record.get();
        String webhook = rec.webhook();
        if (webhook == null && listeners.isEmpty()) {
            // a stream nobody reads: nothing to do until a listener connects (it wakes the worker)
            return IDLE_MS;
        }
        TriggerStore.Batch batch = store.firstPending(id);
        if (batch == null) {
            return IDLE_MS;
        }
        if (webhook == null) {
            return toListeners(rec, batch);
        }
        long wait = batch.nextAttemptAt() - System.currentTimeMillis();
        if (wait > 0) {
            return wait;
        }
        DeliveryPolicy current = policy.get();
        // each attempt is a trace of its own: the receiver's logs of it and ours of it (a failure) share its id
        TraceContext trace = TraceContext.newTrace();
        CompletableFuture<String> post = sender.postAsync(
                webhook,
                id,
                batch.sequence(),
                Envelopes.bytes(rec, batch.sequence(), batch.eventsJson()),
                current.webhookTimeout(),
                trace);
        synchronized (lock) {
            if (stopped) {
                post.cancel(true);
                return 0;
            }
            inFlight = post;
        }
        Thread stepping = Thread.currentThread();
        AtomicBoolean registering = new AtomicBoolean(true);
        post.whenComplete((failure, error) -> {
            long delay;
            try (ConnectorLogContext logContext = ConnectorLogContext.open(connector(), null, trace)) {
                delay = afterPost(rec, batch, current, error == null ? failure : WebhookSender.describe(unwrap(error)));
            } catch (RuntimeException e) {
                delay = failedUnexpectedly(e);
            }
            // the next batch goes out from the thread that completed this POST, without a hand-off to another
            // task; not when the POST completed within this step (that would nest steps)
            boolean nested = registering.get() && Thread.currentThread() == stepping;
            if (finish(delay, !nested)) {
                step();
            }
        });
        registering.set(false);
        return -1;
    }

    private long toListeners(SubscriptionRecord rec, TriggerStore.Batch batch) {
        ObjectNode envelope = Envelopes.tree(rec, batch.sequence(), batch.events());
        boolean taken = false;
        for (EventListener listener : listeners) {
            try {
                taken |= listener.onBatch(batch.sequence(), envelope);
            } catch (RuntimeException e) {
                LOG.debug("A listener of subscription {} failed", id, e);
            }
        }
        if (taken) {
            store.delivered(id, batch.sequence());
            observers.delivered(rec, batch.emittedAt());
            return 0;
        }
        return RETRY_MS;
    }

    private long afterPost(SubscriptionRecord rec, TriggerStore.Batch batch, DeliveryPolicy current, String failure) {
        if (isStopped()) {
            return 0;
        }
        if (failure == null) {
            store.delivered(id, batch.sequence());
            observers.delivered(rec, batch.emittedAt());
            return 0;
        }
        int attempts = batch.attempts() + 1;
        if (attempts >= current.maxAttempts()) {
            LOG.warn(
                    "Subscription {}: batch {} dead-lettered after {} attempts ({})",
                    id,
                    batch.sequence(),
                    attempts,
                    failure);
            store.deadLetter(id, batch.sequence(), attempts, failure);
            return 0;
        }
        long delay = current.backoff().delayAfter(attempts);
        LOG.debug(
                "Subscription {}: batch {} attempt {} failed ({}); next in {} ms",
                id,
                batch.sequence(),
                attempts,
                failure,
                delay);
        store.retryLater(id, batch.sequence(), attempts, System.currentTimeMillis() + delay, failure);
        return delay;
    }

    /** The connector of the subscription, for the log lines about its deliveries. */
    private String connector() {
        SubscriptionRecord rec = record.get();
        return rec == null ? null : rec.connector();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
