package dev.switchboard.host.internal.deploy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting, stopping and refreshing the bundles of the deploy folder as FileInstall does: a bundle that fails to
 * start is remembered, logged once, and started again at every {@link #retry()} (on every bundle change).
 */
final class BundleStarts {

    private static final Logger LOG = LoggerFactory.getLogger(BundleStarts.class);
    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    /** Bundles installed here that did not start yet. */
    private final Set<Long> toStart = ConcurrentHashMap.newKeySet();
    /** Bundles whose start failure was logged. */
    private final Set<Long> startFailureLogged = ConcurrentHashMap.newKeySet();

    BundleStarts(BundleContext context) {
        this.context = context;
    }

    /** Starts again every bundle that failed to start and is still installed. */
    void retry() {
        for (Long id : List.copyOf(toStart)) {
            Bundle bundle = context.getBundle(id);
            if (bundle == null) {
                toStart.remove(id);
            } else {
                start(bundle);
            }
        }
    }

    void start(Bundle bundle) {
        if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null
                || bundle.getState() == Bundle.ACTIVE
                || bundle.getState() == Bundle.UNINSTALLED) {
            toStart.remove(bundle.getBundleId());
            return;
        }
        try {
            bundle.start(Bundle.START_ACTIVATION_POLICY);
            toStart.remove(bundle.getBundleId());
            startFailureLogged.remove(bundle.getBundleId());
        } catch (BundleException | IllegalStateException e) {
            toStart.add(bundle.getBundleId());
            if (startFailureLogged.add(bundle.getBundleId())) {
                LOG.warn(
                        "Bundle {} {} from the deploy folder did not start (tried again on every bundle change): {}",
                        bundle.getSymbolicName(),
                        bundle.getVersion(),
                        e.getMessage());
            }
        }
    }

    static void stopTransient(Bundle bundle) throws BundleException {
        if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
            bundle.stop(Bundle.STOP_TRANSIENT);
        }
    }

    void refresh(List<Bundle> bundles) throws InterruptedException {
        FrameworkWiring wiring =
                context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> done.countDown());
        if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("Refreshing {} took longer than {} s", bundles, REFRESH_TIMEOUT_SECONDS);
        }
    }
}
