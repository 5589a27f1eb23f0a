package dev.switchboard.host.internal.catalog;

import java.util.concurrent.atomic.AtomicLong;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.schema.SchemaCompiler;
import dev.switchboard.host.internal.testing.Await;
import dev.switchboard.host.internal.testing.FakeProvider;

/** A real catalog fed with fake providers, for the components that read it. */
public final class TestCatalogs {

    private final ManifestAggregator aggregator = new ManifestAggregator(5000, 2, new SchemaCompiler());
    private final AtomicLong ids = new AtomicLong(100);

    public ConnectorRegistry registry() {
        return aggregator;
    }

    public CatalogSnapshot snapshot() {
        return aggregator.snapshot();
    }

    /** Registers {@code provider} from a new bundle of {@code version} and waits until it is loaded. */
    public ConnectorEntry add(FakeProvider provider, String version) {
        long id = ids.incrementAndGet();
        BundleInfo bundle = new BundleInfo(id, "com.example.b" + id, version, "file:/deploy/b" + id + ".jar");
        aggregator.register(id, bundle, provider);
        Await.until("bundle " + id + " is loaded", () -> aggregator.snapshot().connectors().stream()
                .anyMatch(e -> e.bundle().id() == id && e.state() != ConnectorState.LOADING));
        return aggregator.snapshot().connectors().stream().filter(e -> e.bundle().id() == id).findFirst()
                .orElseThrow();
    }

    public ProviderRegistration registration(String id, String version) {
        return aggregator.view().active().get(RegistryView.key(id, version));
    }

    public void close() {
        aggregator.deactivate();
    }
}
