package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.internal.DaemonThreadFactory;

/**
 * Starts the bundles that deploy-folder files installed, on a thread of its own, a batch at a time: the bundles
 * queued while the previous batch was starting are resolved together ({@link FrameworkWiring#resolveBundles}, once)
 * and then started in install order.
 * <p>
 * Why: FileInstall hands the files of a scan to the installer one by one on its own thread. Installing and starting
 * each before the next made a mass start (the first scan of a folder of 2,000 connectors) sequential on one core and
 * quadratic in the resolver, which builds its view of every wiring on each call. Installing stays on FileInstall's
 * thread; starting runs beside it. Until a queued bundle's start was tried, the deployment report calls its file
 * PENDING ({@link #queued()}), so readiness and a waiting {@code PUT /api/deployments} wait for it.
 * <p>
 * A start that fails is left to {@link BundleStarts} (logged once, tried again on every bundle change), as before.
 */
final class BundleStartQueue {

    private static final Logger LOG = LoggerFactory.getLogger(BundleStartQueue.class);

    private final BundleContext context;
    private final BundleStarts starts;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(new DaemonThreadFactory("switchboard-deploy-starter"));
    /** Ids of the bundles queued and not tried yet. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    /** Bundles queued since the last batch was taken, in install order; guarded by itself. */
    private final List<Bundle> waiting = new ArrayList<>();

    BundleStartQueue(BundleContext context, BundleStarts starts) {
        this.context = context;
        this.starts = starts;
    }

    /** Queues the bundle to be resolved and started shortly, after the bundles queued before it. */
    void start(Bundle bundle) {
        queued.add(bundle.getBundleId());
        boolean first;
        synchronized (waiting) {
            first = waiting.isEmpty();
            waiting.add(bundle);
        }
        if (first) {
            try {
                thread.execute(this::startBatch);
            } catch (RejectedExecutionException e) {
                queued.remove(bundle.getBundleId()); // closed
            }
        }
    }

    /** Ids of the bundles queued whose start was not tried yet. */
    Set<Long> queued() {
        return Set.copyOf(queued);
    }

    void close() {
        thread.shutdownNow();
        queued.clear();
    }

    private void startBatch() {
        List<Bundle> batch;
        synchronized (waiting) {
            batch = new ArrayList<>(waiting);
            waiting.clear();
        }
        try {
            resolve(batch);
            for (Bundle bundle : batch) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    starts.start(bundle);
                } finally {
                    queued.remove(bundle.getBundleId());
                }
            }
        } finally {
            batch.forEach(b -> queued.remove(b.getBundleId()));
        }
    }

    /** One resolution for the batch; a bundle that cannot be resolved stays INSTALLED and its start says why. */
    private void resolve(List<Bundle> batch) {
        List<Bundle> unresolved = new ArrayList<>();
        for (Bundle bundle : batch) {
            if (bundle.getState() == Bundle.INSTALLED) {
                unresolved.add(bundle);
            }
        }
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (unresolved.size() < 2 || system == null) {
            return; // starting a single bundle resolves it
        }
        try {
            system.adapt(FrameworkWiring.class).resolveBundles(unresolved);
        } catch (RuntimeException e) {
            LOG.debug("Resolving {} bundles together failed; each is resolved as it starts", unresolved.size(), e);
        }
    }
}
