package dev.switchboard.host.internal.catalog;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;

/**
 * The real catalog outside OSGi, for benchmarks and for tests in other modules: no {@code BundleContext}, providers
 * are added by hand (each as the only service of a bundle of its own) instead of through DS.
 */
public final class StandaloneCatalog implements AutoCloseable {

    private final ManifestAggregator aggregator;
    private final AtomicLong ids = new AtomicLong();

    /** Publishing each change at once ({@code publish.delay.ms} 0). */
    public StandaloneCatalog() {
        this(0);
    }

    /** With {@code publish.delay.ms} = {@code publishDelayMs}: registrations coalesced as the host does. */
    public StandaloneCatalog(long publishDelayMs) {
        this.aggregator = new ManifestAggregator(null, 5000, 2, 30_000, publishDelayMs, new JsonSchemas());
    }

    /** Registers {@code provider} as bundle {@code symbolicName} at {@code version} without waiting: for a burst. */
    public void register(String symbolicName, String version, ServiceOperationsProvider provider) {
        long id = ids.incrementAndGet();
        aggregator.register(id, new BundleInfo(id, symbolicName, version, "standalone:" + symbolicName), provider);
    }

    /** What the dispatcher reads. */
    public ConnectorRegistry registry() {
        return aggregator;
    }

    /**
     * Registers {@code provider} as bundle {@code symbolicName} at {@code version} and waits (at most {@code timeout})
     * until its manifest has been read.
     *
     * @return its catalog entry, in whatever state loading left it
     * @throws IllegalStateException when it is still loading after {@code timeout}
     */
    public ConnectorEntry add(String symbolicName, String version, ServiceOperationsProvider provider, Duration timeout)
            throws InterruptedException {
        return add(symbolicName, version, provider, false, timeout);
    }

    /**
     * As {@link #add(String, String, ServiceOperationsProvider, Duration)}, registered with
     * {@link dev.switchboard.connector.api.NonBlocking} when {@code nonBlocking}.
     */
    public ConnectorEntry add(
            String symbolicName,
            String version,
            ServiceOperationsProvider provider,
            boolean nonBlocking,
            Duration timeout)
            throws InterruptedException {
        long id = ids.incrementAndGet();
        aggregator.register(
                id, new BundleInfo(id, symbolicName, version, "standalone:" + symbolicName), provider, nonBlocking);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConnectorEntry entry : aggregator.snapshot().connectors()) {
                if (entry.bundle().id() == id && entry.state() != ConnectorState.LOADING) {
                    return entry;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(symbolicName + " was still loading after " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    @Override
    public void close() {
        aggregator.deactivate();
    }
}
