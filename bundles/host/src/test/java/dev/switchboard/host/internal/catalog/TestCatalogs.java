package dev.switchboard.host.internal.catalog;

import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** A real catalog fed with fake providers, for the components that read it. */
public final class TestCatalogs {

    private final ManifestAggregator aggregator = new ManifestAggregator(5000, 2, new JsonSchemas());
    private final AtomicLong ids = new AtomicLong(100);

    public ConnectorRegistry registry() {
        return aggregator;
    }

    public CatalogSnapshot snapshot() {
        return aggregator.snapshot();
    }

    /** Registers {@code provider} from a new bundle of {@code version} and waits until it is loaded. */
    public ConnectorEntry add(FakeProvider provider, String version) {
        return add(provider, version, false);
    }

    /** As {@link #add(FakeProvider, String)}; {@code nonBlocking}: registered with the NonBlocking property. */
    public ConnectorEntry add(FakeProvider provider, String version, boolean nonBlocking) {
        long id = ids.incrementAndGet();
        BundleInfo bundle = new BundleInfo(id, "com.example.b" + id, version, "file:/deploy/b" + id + ".jar");
        aggregator.register(id, bundle, provider, nonBlocking);
        Await.until(
                "bundle " + id + " is loaded",
                () -> aggregator.snapshot().connectors().stream()
                        .anyMatch(e -> e.bundle().id() == id && e.state() != ConnectorState.LOADING));
        return aggregator.snapshot().connectors().stream()
                .filter(e -> e.bundle().id() == id)
                .findFirst()
                .orElseThrow();
    }

    /**
     * Registers {@code provider} as a new service of an existing bundle (an update brings the same bundle id back)
     * and waits until it is loaded.
     *
     * @return the new service id
     */
    public long addToBundle(long bundleId, FakeProvider provider, String version) {
        long serviceId = ids.incrementAndGet();
        BundleInfo bundle =
                new BundleInfo(bundleId, "com.example.b" + bundleId, version, "file:/deploy/b" + bundleId + ".jar");
        aggregator.register(serviceId, bundle, provider);
        Await.until(
                "service " + serviceId + " is loaded",
                () -> aggregator.snapshot().connectors().stream()
                        .anyMatch(e -> e.bundle().id() == bundleId
                                && e.state() != ConnectorState.LOADING
                                && e.version().equals(version)));
        return serviceId;
    }

    /** The service goes away, as in DS unbind: blocks while calls are in flight on it (see ManifestAggregator). */
    public void unregister(long serviceId) {
        aggregator.unregister(serviceId);
    }

    public void bundleUninstalled(long bundleId) {
        aggregator.bundleUninstalled(bundleId);
    }

    public ProviderRegistration registration(String id, String version) {
        return aggregator.view().active().get(RegistryView.key(id, version));
    }

    public void close() {
        aggregator.deactivate();
    }
}
