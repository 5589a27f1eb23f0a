package dev.switchboard.triggers.internal;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * One subscription's runtime state. Starting and stopping its binding holds {@link #lifecycle}, this subscription's
 * own lock (never a lock shared with other subscriptions: a binding that is slow to start or to close delays only its
 * own subscription); the fields marked so are guarded by it. {@code state} and {@code reason} change together under
 * the run's monitor (bindings report FAILING from their own threads).
 */
final class SubscriptionRun {

    final String id;
    final ReentrantLock lifecycle = new ReentrantLock();
    final DeliveryWorker worker;
    volatile SubscriptionRecord record;
    volatile SubscriptionState state = SubscriptionState.WAITING;
    volatile String reason = "starting";
    volatile String runningVersion;
    volatile TriggerBinding binding;
    volatile ServiceOperationsProvider provider;
    /**
     * Whether this node runs it (its binding and its delivery): always on a host that runs alone; in cluster mode
     * only while this node holds its lease. A run that is not local is shown, never started.
     */
    final boolean local;
    /** Cluster mode: the node that owns it, as last read ({@code null}: none, or a host that runs alone). */
    volatile String owner;
    /** Deleted, or the host is stopping: its binding is never started again. */
    volatile boolean removed;
    /** Guarded by {@link #lifecycle}. */
    AutoCloseable handle;
    /** What the binding runs on ({@link Target#identity}); guarded by {@link #lifecycle}. */
    String identity;
    /** When a FAILED subscription is tried again; guarded by {@link #lifecycle}. */
    long retryAt;
    /** Guarded by {@link #lifecycle}. */
    RunContext context;

    /** @param workers makes its delivery worker, given how to read its current record */
    SubscriptionRun(SubscriptionRecord record, Function<Supplier<SubscriptionRecord>, DeliveryWorker> workers) {
        this(record, workers, true);
    }

    SubscriptionRun(
            SubscriptionRecord record, Function<Supplier<SubscriptionRecord>, DeliveryWorker> workers, boolean local) {
        this.local = local;
        this.id = record.id();
        this.record = record;
        this.worker = workers.apply(() -> this.record);
    }
}
