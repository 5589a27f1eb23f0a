package dev.switchboard.host.internal.catalog;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.internal.DaemonThreadFactory;

/**
 * Reads the manifests of registered providers on a few loader threads, off the registering thread, and fails a
 * provider whose manifest does not come within {@code load.timeout.ms}: whichever comes first, the read outcome or the
 * timeout, completes the registration and is handed on ({@code loaded}); the later one is ignored.
 */
final class ManifestLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestLoader.class);

    private final ManifestReader reader;
    private final long loadTimeoutMs;
    private final ThreadPoolExecutor loaders;
    private final ScheduledExecutorService timeouts;
    private final Consumer<ProviderRegistration> loaded;

    /**
     * @param timeouts where the load timeouts are scheduled (shared with the catalog's publications; not shut down
     *                 here)
     * @param loaded   told of a registration whose outcome was set (read, failed or timed out)
     */
    ManifestLoader(
            ManifestReader reader,
            long loadTimeoutMs,
            int loaderThreads,
            ScheduledExecutorService timeouts,
            Consumer<ProviderRegistration> loaded) {
        this.reader = reader;
        this.loadTimeoutMs = loadTimeoutMs;
        this.timeouts = timeouts;
        this.loaded = loaded;
        int threads = Math.max(1, loaderThreads);
        // the queue is bounded by the number of registrations; the thread count is what must stay small
        this.loaders = new ThreadPoolExecutor(
                threads,
                threads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DaemonThreadFactory("switchboard-catalog-loader"));
        this.loaders.allowCoreThreadTimeOut(true);
    }

    /** Starts reading the registration's manifest. */
    void submit(ProviderRegistration registration) {
        try {
            Future<?> task = loaders.submit(() -> load(registration));
            registration.loading(task);
        } catch (RejectedExecutionException e) {
            // only when deactivating: nothing will read the catalog any more
            LOG.debug(
                    "Not loading service {} of bundle {}: the catalog is closing",
                    registration.serviceId(),
                    registration.bundle().symbolicName());
        }
    }

    void shutdown() {
        loaders.shutdownNow();
    }

    private void load(ProviderRegistration registration) {
        LoadProgress progress = new LoadProgress();
        ScheduledFuture<?> timeout =
                timeouts.schedule(() -> timedOut(registration, progress), loadTimeoutMs, TimeUnit.MILLISECONDS);
        try {
            LoadOutcome outcome = reader.read(registration.provider(), registration.bundle(), progress);
            if (registration.complete(outcome)) {
                loaded.accept(registration);
            } else {
                LOG.debug(
                        "Service {} of bundle {} finished loading after its timeout; ignored",
                        registration.serviceId(),
                        registration.bundle().symbolicName());
            }
        } finally {
            timeout.cancel(false);
        }
    }

    private void timedOut(ProviderRegistration registration, LoadProgress progress) {
        String id = progress.id() != null ? progress.id() : ManifestReader.placeholderId(registration.bundle());
        String reason = progress.step() + " did not return within " + loadTimeoutMs + " ms (" + ManifestAggregator.PID
                + " load.timeout.ms); the provider must answer quickly and never block";
        if (registration.complete(LoadOutcome.failed(id, progress.service(), reason))) {
            registration.cancelLoading();
            loaded.accept(registration);
        }
    }
}
