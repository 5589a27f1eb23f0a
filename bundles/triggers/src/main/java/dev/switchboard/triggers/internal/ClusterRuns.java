package dev.switchboard.triggers.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;
import dev.switchboard.cluster.api.ClusterNode;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * The subscription manager's runs in cluster mode. Every {@link #PASS_MS} it runs a {@link SubscriptionLeases} pass
 * and brings the runs in line with the database:
 * <ul>
 * <li>a lease acquired: a local run (delivery started, binding reconciled on the scheduler) replaces the shown one;
 * </li>
 * <li>a lease lost or released: the local run is stopped (binding closed, delivery stopped, its event streams
 * ended) before the lease is given up, and a shown run replaces it;</li>
 * <li>subscriptions created or deleted on another node appear or disappear (within one pass);</li>
 * <li>a local subscription whose batch count grew (a hook posted on another node) has its delivery woken;</li>
 * <li>each local run's state is reported to the database, for the other nodes' views; a shown run takes the state
 * its owner reported, with "runs on node ..." as its reason.</li>
 * </ul>
 */
final class ClusterRuns implements SubscriptionLeases.Runs {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRuns.class);
    /** How often the leases are checked and new batches looked for: the delay of a hook posted to another node. */
    static final long PASS_MS = 500;

    private final ClusterMembership membership;
    private final PostgresTriggerStore store;
    private final Map<String, SubscriptionRun> runs;
    private final BindingRunner runner;
    private final BiFunction<SubscriptionRecord, Boolean, SubscriptionRun> newRun;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier active;
    private final SubscriptionLeases leases;

    /** Guarded by this: the ids the last pass read, and the batch count of each local run. */
    private Set<String> seen = Set.of();

    private final Map<String, Long> emitted = new HashMap<>();
    private ScheduledFuture<?> passing;

    ClusterRuns(
            ClusterMembership membership,
            PostgresTriggerStore store,
            Map<String, SubscriptionRun> runs,
            BindingRunner runner,
            BiFunction<SubscriptionRecord, Boolean, SubscriptionRun> newRun,
            ScheduledExecutorService scheduler,
            BooleanSupplier active) {
        this.membership = membership;
        this.store = store;
        this.runs = runs;
        this.runner = runner;
        this.newRun = newRun;
        this.scheduler = scheduler;
        this.active = active;
        this.leases = new SubscriptionLeases(membership, store, this);
    }

    synchronized void start() {
        passing = scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, PASS_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops the passes and gives every lease up (each run stopped first), for the other nodes to claim at once. */
    synchronized void stop() {
        if (passing != null) {
            passing.cancel(false);
        }
        leases.releaseAll();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Cluster pass over the subscriptions failed", e);
        }
    }

    /** One pass (see the class comment). */
    synchronized void refresh() {
        if (!active.getAsBoolean()) {
            return;
        }
        List<SubscriptionLeases.Lease> read = leases.pass();
        if (read == null) {
            return; // not read (the database is unreachable) or fenced: the runs were stopped, the shown ones stay
        }
        Set<String> ids = new HashSet<>();
        for (SubscriptionLeases.Lease lease : read) {
            ids.add(lease.id());
            SubscriptionRun run = runs.get(lease.id());
            if (run == null) {
                SubscriptionRecord record = store.subscription(lease.id());
                if (record != null) {
                    run = newRun.apply(record, false);
                    runs.putIfAbsent(lease.id(), run);
                    LOG.info("Subscription {} created on another node", lease.id());
                }
            }
            if (run == null) {
                continue;
            }
            if (run.local) {
                Long before = emitted.put(lease.id(), lease.emitted());
                if (before != null && before != lease.emitted()) {
                    run.worker.wake();
                }
                run.owner = membership.self();
                SubscriptionState state = run.state;
                leases.report(lease.id(), state.name(), run.reason);
            } else {
                show(run, lease);
            }
        }
        for (String id : seen) {
            if (!ids.contains(id)) {
                SubscriptionRun gone = runs.remove(id);
                if (gone != null) {
                    stopLocal(gone, "the subscription was deleted");
                    LOG.info("Subscription {} deleted on another node", id);
                }
            }
        }
        seen = ids;
        emitted.keySet().retainAll(ids);
    }

    /** A run another node owns: its owner's state, and why this node does not run it. */
    private static void show(SubscriptionRun run, SubscriptionLeases.Lease lease) {
        String owner = lease.owner();
        SubscriptionState state = SubscriptionState.WAITING;
        String reason;
        if (owner == null) {
            reason = "no node runs it yet: it is claimed within a second";
        } else {
            if (lease.state() != null) {
                try {
                    state = SubscriptionState.valueOf(lease.state());
                } catch (IllegalArgumentException e) {
                    // a state a newer node knows: shown as WAITING
                }
            }
            reason = "runs on node " + owner + (lease.reason() == null ? "" : ": " + lease.reason());
        }
        synchronized (run) {
            run.owner = owner;
            run.state = state;
            run.reason = reason;
        }
    }

    @Override
    public void acquired(String id) {
        SubscriptionRecord record = store.subscription(id);
        if (record == null) {
            return;
        }
        SubscriptionRun run = newRun.apply(record, true);
        run.owner = membership.self();
        SubscriptionRun before = runs.put(id, run);
        if (before != null) {
            stopLocal(before, "restarted");
        }
        emitted.remove(id);
        try {
            // the binding's start may be slow: not on the pass
            scheduler.execute(() -> runner.reconcile(run));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    @Override
    public void lost(String id, String reason) {
        SubscriptionRun run = runs.get(id);
        if (run == null || !run.local) {
            return;
        }
        stopLocal(run, reason);
        SubscriptionRun shown = newRun.apply(run.record, false);
        shown.owner = null;
        shown.state = SubscriptionState.WAITING;
        shown.reason = reason;
        runs.replace(id, run, shown);
        emitted.remove(id);
    }

    /** Stops a local run: its binding, its delivery and its event streams. */
    private void stopLocal(SubscriptionRun run, String reason) {
        if (!run.local) {
            return;
        }
        runner.remove(run, reason);
        run.worker.stop();
        EventStreams.close(run, "the subscription no longer runs on this node: " + reason);
    }

    /** Why an event stream is not served here: the subscription runs on another node, named with its URL. */
    SubscriptionException notHere(SubscriptionRun run) {
        String owner = run.owner;
        if (owner == null) {
            return new SubscriptionException(
                    503,
                    "NotRunning",
                    "Subscription " + run.id + " runs on no node yet; open its event stream again in a second.",
                    1);
        }
        String url = null;
        for (ClusterNode node : membership.nodes()) {
            if (node.id().equals(owner)) {
                url = node.url();
            }
        }
        return new SubscriptionException(
                409,
                "StreamOnOwner",
                "Subscription " + run.id + " runs on node " + owner + (url == null ? "" : " (" + url + ")")
                        + ": its event stream is served there only"
                        + (url == null ? "." : ": " + url + "/api/subscriptions/" + run.id + "/events."));
    }
}
