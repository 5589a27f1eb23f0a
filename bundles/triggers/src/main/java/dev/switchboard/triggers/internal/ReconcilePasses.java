package dev.switchboard.triggers.internal;

import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.ConnectorCatalog;

/**
 * The reconcile passes of a {@link SubscriptionManager}: every subscription this node runs is reconciled
 * ({@link BindingRunner#reconcile}: a WAITING one started once what it needs is there) every {@code reconcile.ms} and
 * whenever a binding or a provider comes or goes. Passes do not overlap: one asked for while another runs is run by
 * that one when it ends. Each subscription is reconciled under its own lock only.
 */
final class ReconcilePasses {

    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePasses.class);

    private final ConnectorCatalog catalog;
    private final Collection<SubscriptionRun> runs;
    private final BindingRunner runner;
    private final ScheduledExecutorService scheduler;
    private final BooleanSupplier active;

    /** Guarded by this. */
    private ScheduledFuture<?> periodic;
    /** Guarded by this. */
    private long periodMs;
    /** Bumped whenever a binding or a provider comes or goes: a WAITING subscription may start on the next pass. */
    private final AtomicLong changes = new AtomicLong();
    /** What the last completed pass had seen: {@link #changes} and the catalog revision. */
    private volatile long reconciledChanges = -1;

    private volatile long reconciledRevision = -1;
    /** A pass is running. */
    private final AtomicBoolean passing = new AtomicBoolean();
    /** A pass was asked for while one ran: it runs again when done. */
    private final AtomicBoolean pendingPass = new AtomicBoolean();

    /** @param runs the live view of the manager's runs (only those run here, {@code local}, are reconciled) */
    ReconcilePasses(
            ConnectorCatalog catalog,
            Collection<SubscriptionRun> runs,
            BindingRunner runner,
            ScheduledExecutorService scheduler,
            BooleanSupplier active) {
        this.catalog = catalog;
        this.runs = runs;
        this.runner = runner;
        this.scheduler = scheduler;
        this.active = active;
    }

    /** A pass every {@code millis} (at least 50), the first at once; a period unchanged keeps the schedule. */
    synchronized void every(long millis) {
        long period = Math.max(50, millis);
        if (periodic != null && period == periodMs) {
            return;
        }
        if (periodic != null) {
            periodic.cancel(false);
        }
        periodMs = period;
        periodic = scheduler.scheduleWithFixedDelay(this::pass, 0, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (periodic != null) {
            periodic.cancel(false);
        }
    }

    /** A binding or a provider came or went: a pass now. */
    void changed() {
        changes.incrementAndGet();
        if (active.getAsBoolean()) {
            try {
                scheduler.execute(this::pass);
            } catch (RejectedExecutionException ignored) {
                // stopping
            }
        }
    }

    private void pass() {
        pendingPass.set(true);
        while (active.getAsBoolean() && pendingPass.get() && passing.compareAndSet(false, true)) {
            try {
                pendingPass.set(false);
                long seen = changes.get();
                long revision = catalog.snapshot().revision();
                for (SubscriptionRun run : runs) {
                    if (!active.getAsBoolean()) {
                        return;
                    }
                    if (run.local) {
                        runner.reconcile(run);
                    }
                }
                reconciledChanges = seen;
                reconciledRevision = revision;
            } catch (RuntimeException e) {
                LOG.warn("Reconciling subscriptions failed", e);
            } finally {
                passing.set(false);
            }
        }
    }

    /**
     * Whether every subscription has been tried since the catalog reached {@code catalogRevision} and since the last
     * binding or provider change: a subscription still WAITING then waits for something the host does not have
     * (its reason says what), not for the next pass. See {@link SubscriptionsResumedCheck}.
     */
    boolean since(long catalogRevision) {
        return reconciledRevision >= catalogRevision && reconciledChanges >= changes.get();
    }
}
