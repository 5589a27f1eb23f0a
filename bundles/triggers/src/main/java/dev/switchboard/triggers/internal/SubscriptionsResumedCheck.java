package dev.switchboard.triggers.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionState;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * Readiness: the stored subscriptions have resumed. A subscription has resumed when it is ACTIVE or FAILED, or is
 * WAITING after the subscription manager tried to start it against the current catalog and bindings (its reason then
 * names what the host lacks: a connector version, a binding, a connection), not merely because the next attempt has
 * not come yet. This is a start-up condition: it is only settled once the connectors present at the start are loaded
 * (the deploy folder scanner ACTIVE, no connector LOADING), and then stays OK.
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + SubscriptionsResumedCheck.NAME,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.READY_TAG,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.PUBLIC_TAG
        })
public final class SubscriptionsResumedCheck implements HealthCheck {

    static final String NAME = "Subscriptions resumed";
    static final String READY_TAG = "ready";
    /** Messages written to be shown without credentials: ids and connector names, no paths, no parameters. */
    static final String PUBLIC_TAG = "switchboard";

    private static final String SCANNER = "org.apache.felix.fileinstall";

    private final Subscriptions subscriptions;
    private final ConnectorCatalog catalog;
    /** Whether the deploy folder's first scan is done (then the start-up connectors are installed). */
    private final BooleanSupplier scanned;

    private final AtomicReference<Result> settled = new AtomicReference<>();

    @Activate
    public SubscriptionsResumedCheck(
            BundleContext context, @Reference Subscriptions subscriptions, @Reference ConnectorCatalog catalog) {
        this(subscriptions, catalog, () -> scanned(context));
    }

    SubscriptionsResumedCheck(Subscriptions subscriptions, ConnectorCatalog catalog, BooleanSupplier scanned) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
        this.scanned = scanned;
    }

    @Override
    public Result execute() {
        Result done = settled.get();
        if (done != null) {
            return done;
        }
        CatalogSnapshot snapshot = catalog.snapshot();
        // the manager is the Subscriptions service of this bundle; another implementation has no passes to wait for
        boolean reconciled = subscriptions instanceof SubscriptionManager manager
                ? manager.reconciledSince(snapshot.revision())
                : !(subscriptions instanceof ClusterSubscriptions cluster)
                        || cluster.reconciledSince(snapshot.revision());
        List<Subscription> all;
        try {
            all = subscriptions.list();
        } catch (SubscriptionException e) {
            // cluster mode before the cluster database is reached: ClusterUnavailable
            FormattingResultLog log = new FormattingResultLog();
            log.temporarilyUnavailable(e.getMessage());
            return new Result(log);
        }
        List<String> pending = pending(all, reconciled);
        if (!pending.isEmpty()) {
            FormattingResultLog log = new FormattingResultLog();
            log.temporarilyUnavailable(summary(pending));
            return new Result(log);
        }
        Result result = new Result(Result.Status.OK, counts(all));
        if (connectorsLoaded(snapshot)) {
            settled.compareAndSet(null, result);
        }
        return result;
    }

    /** The subscriptions not yet tried against the current catalog, one short item each. */
    static List<String> pending(List<Subscription> all, boolean reconciled) {
        List<String> pending = new ArrayList<>();
        for (Subscription subscription : all) {
            if (subscription.state() == SubscriptionState.WAITING && !reconciled) {
                pending.add(subscription.id() + " (" + subscription.request().connector() + " "
                        + subscription.request().operation() + ")");
            }
        }
        return pending;
    }

    static String counts(List<Subscription> all) {
        long active =
                all.stream().filter(s -> s.state() == SubscriptionState.ACTIVE).count();
        long waiting =
                all.stream().filter(s -> s.state() == SubscriptionState.WAITING).count();
        return all.size() + " subscription(s): " + active + " ACTIVE, " + waiting + " WAITING (each says why), "
                + (all.size() - active - waiting) + " FAILED or FAILING";
    }

    private static String summary(List<String> pending) {
        StringBuilder line = new StringBuilder("waiting for the first start attempt of ");
        for (int i = 0; i < Math.min(5, pending.size()); i++) {
            line.append(i == 0 ? "" : "; ").append(pending.get(i));
        }
        if (pending.size() > 5) {
            line.append("; and ").append(pending.size() - 5).append(" more");
        }
        return line.toString();
    }

    /** The connectors present at the start are in: the deploy folder's first scan is done and none is LOADING. */
    private boolean connectorsLoaded(CatalogSnapshot snapshot) {
        return scanned.getAsBoolean()
                && snapshot.connectors().stream().noneMatch(c -> c.state() == ConnectorState.LOADING);
    }

    /** FileInstall makes its first scan while it starts ({@code felix.fileinstall.noInitialDelay}). */
    private static boolean scanned(BundleContext context) {
        boolean scanned = context.getProperty("felix.fileinstall.dir") == null;
        for (Bundle bundle : context.getBundles()) {
            if (SCANNER.equals(bundle.getSymbolicName())) {
                scanned = bundle.getState() == Bundle.ACTIVE;
            }
        }
        return scanned;
    }
}
