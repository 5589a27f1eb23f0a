package dev.switchboard.host.internal.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.JsonSchemas;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.internal.DaemonThreadFactory;

/**
 * The connector catalog: tracks every {@link ServiceOperationsProvider} service, reads each one's manifest once on a
 * loader thread, and publishes the result as one immutable {@link CatalogSnapshot}.
 * <p>
 * Manifests are read off the registering thread because a provider may be slow or hang, and the thread that
 * registers a service is usually the one starting its bundle (or SCR's). A publication rebuilds the whole view under
 * one lock, so revisions are ordered and a CONFLICT is re-evaluated as soon as the registration it lost to goes away.
 * <p>
 * Registrations and loaded manifests are coalesced: the first change after a publication schedules the next one
 * {@code publish.delay.ms} later (or four times as long as the last publication took, when that is longer, at most
 * 250 ms), and every change until then goes into it. A mass start (thousands of bundles, two
 * changes each) therefore costs one O(n) rebuild per delay, not one per change (O(n²)); a change costs a map update.
 * A provider going away, and an uninstalled bundle, are published at once (the drain below relies on it).
 * <p>
 * A provider that goes away is first taken out of the view, so that no new call reaches it, then the unbind waits (at
 * most {@code drain.timeout.ms}) for the calls in flight on it: the framework does not finish unregistering the
 * service, nor stop or update its bundle, before they are over. If its bundle stays installed the connector is
 * remembered as returning ({@link ReturningConnectors}), so that the dispatcher lets callers wait for the update to
 * finish rather than answer 404.
 */
// immediate: providers are tracked (and their problems logged) from the start, not from the first catalog reader
@Component(
        service = {ConnectorCatalog.class, ConnectorRegistry.class},
        immediate = true,
        configurationPid = ManifestAggregator.PID)
@Designate(ocd = CatalogConfiguration.class)
public final class ManifestAggregator implements ConnectorCatalog, ConnectorRegistry {

    public static final String PID = "dev.switchboard.host.catalog";

    private static final Logger LOG = LoggerFactory.getLogger(ManifestAggregator.class);

    private final long drainTimeoutMs;
    private final long publishDelayMs;
    private final BundleContext context;
    private final BundleListener uninstalls = this::bundleChanged;
    private final ScheduledExecutorService timeouts;
    private final ManifestLoader loader;

    private final Object lock = new Object();
    /** By service id, so the earlier registration wins a conflict. Guarded by {@link #lock}. */
    private final Map<Long, ProviderRegistration> registrations = new TreeMap<>();
    /** Guarded by {@link #lock}. */
    private long revision;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** A publication is scheduled ({@link #changed}). Written under {@link #lock}. */
    private volatile boolean publishPending;
    /** How long the last publication took, in nanoseconds. Guarded by {@link #lock}. */
    private long lastPublishNanos;
    /** Guarded by {@link #lock}. */
    private final ReturningConnectors returning = new ReturningConnectors();
    /** Guarded by {@link #lock}. */
    private long highestServiceId;

    private final AtomicReference<RegistryView> view =
            new AtomicReference<>(new RegistryView(new CatalogSnapshot(0, List.of()), Map.of()));
    /** Completed with the next view, then replaced: every waiter of one revision shares it. */
    private final AtomicReference<CompletableFuture<RegistryView>> nextView =
            new AtomicReference<>(new CompletableFuture<>());

    @Activate
    public ManifestAggregator(BundleContext context, CatalogConfiguration config) {
        this(
                context,
                config.load_timeout_ms(),
                config.load_threads(),
                config.drain_timeout_ms(),
                config.publish_delay_ms(),
                new JsonSchemas());
    }

    /** Publishing every change at once ({@code publish.delay.ms} 0), as the unit tests and benchmarks read it. */
    ManifestAggregator(long loadTimeoutMs, int loaderThreads, JsonSchemas schemas) {
        this(null, loadTimeoutMs, loaderThreads, 30_000, 0, schemas);
    }

    /**
     * @param context        {@code null} in unit tests: every bundle counts as installed until
     *                       {@link #bundleUninstalled}
     * @param publishDelayMs how long a registration or a loaded manifest may wait to be published with the changes
     *                       that follow it; 0 publishes each at once
     */
    ManifestAggregator(
            BundleContext context,
            long loadTimeoutMs,
            int loaderThreads,
            long drainTimeoutMs,
            long publishDelayMs,
            JsonSchemas schemas) {
        this.context = context;
        this.drainTimeoutMs = Math.max(0, drainTimeoutMs);
        this.publishDelayMs = Math.max(0, publishDelayMs);
        ScheduledThreadPoolExecutor timer =
                new ScheduledThreadPoolExecutor(1, new DaemonThreadFactory("switchboard-catalog-timeout"));
        timer.setRemoveOnCancelPolicy(true);
        this.timeouts = timer;
        this.loader = new ManifestLoader(
                new ManifestReader(schemas),
                Math.max(1, loadTimeoutMs),
                loaderThreads,
                timer,
                this::publishIfRegistered);
        if (context != null) {
            context.addBundleListener(uninstalls);
        }
    }

    @Reference(
            name = "provider",
            service = ServiceOperationsProvider.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindProvider")
    void bindProvider(ServiceOperationsProvider provider, ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null) {
            return; // unregistered while being bound; the unbind follows
        }
        register(serviceId(reference), bundleInfo(bundle), provider, nonBlocking(reference));
    }

    /** The {@link NonBlocking} service property: {@code true} as a Boolean or as the string "true". */
    static boolean nonBlocking(ServiceReference<?> reference) {
        Object value = reference.getProperty(NonBlocking.PROPERTY);
        return value instanceof Boolean b
                ? b
                : value != null && Boolean.parseBoolean(value.toString().trim());
    }

    void unbindProvider(ServiceReference<?> reference) {
        unregister(serviceId(reference));
    }

    @Deactivate
    void deactivate() {
        if (context != null) {
            try {
                context.removeBundleListener(uninstalls);
            } catch (IllegalStateException e) {
                // the host bundle is stopping: its listeners go with it
            }
        }
        synchronized (lock) {
            closed = true;
            registrations.clear();
        }
        loader.shutdown();
        timeouts.shutdownNow();
        nextView.get().complete(view.get()); // let waiters look once more; they find nothing and give up
    }

    @Override
    public CatalogSnapshot snapshot() {
        return view.get().snapshot();
    }

    @Override
    public RegistryView view() {
        return view.get();
    }

    @Override
    public CompletionStage<RegistryView> changeAfter(long revision) {
        // read the future before the view: publish sets the view before it completes and replaces the future
        CompletableFuture<RegistryView> next = nextView.get();
        RegistryView current = view.get();
        if (current.snapshot().revision() > revision) {
            return CompletableFuture.completedFuture(current);
        }
        return next.minimalCompletionStage();
    }

    /** Adds a provider as LOADING and starts reading its manifest. */
    void register(long serviceId, BundleInfo bundle, ServiceOperationsProvider provider) {
        register(serviceId, bundle, provider, false);
    }

    /** @param nonBlocking the provider declared {@link NonBlocking}: it may be called on the caller's thread */
    void register(long serviceId, BundleInfo bundle, ServiceOperationsProvider provider, boolean nonBlocking) {
        ProviderRegistration registration = new ProviderRegistration(serviceId, bundle, provider, nonBlocking);
        synchronized (lock) {
            if (closed) {
                return;
            }
            registrations.put(serviceId, registration);
            highestServiceId = Math.max(highestServiceId, serviceId);
            changed();
        }
        loader.submit(registration);
    }

    /**
     * Removes a provider: out of the view first, then waits for its calls in flight (see the class comment). A
     * registration it was in conflict with is re-evaluated.
     */
    void unregister(long serviceId) {
        ProviderRegistration removed;
        int inFlight;
        boolean draining;
        synchronized (lock) {
            removed = registrations.remove(serviceId);
            if (removed == null) {
                return;
            }
            inFlight = removed.inFlight().close();
            draining = !closed;
            if (!closed) {
                ConnectorEntry entry = removed.entry();
                if (entry != null
                        && entry.state() != ConnectorState.LOADING
                        && isInstalled(removed.bundle().id())) {
                    returning.remember(
                            new ReturningConnector(entry.id(), entry.version(), removed.bundle()),
                            Math.max(highestServiceId, serviceId));
                }
                publish();
            }
        }
        removed.cancelLoading();
        ConnectorEntry entry = removed.entry(); // null when it went away before it was ever published
        String id = entry != null ? entry.id() : ManifestReader.placeholderId(removed.bundle());
        String label = id + "@" + removed.bundle().version();
        // lines about the connector: in its per-connector log too
        try (ConnectorLogContext logContext =
                ConnectorLogContext.open(id, removed.bundle().version(), null)) {
            if (draining && inFlight > 0) {
                ProviderDrain.await(removed, label, inFlight, drainTimeoutMs);
            }
            LOG.info(
                    "Connector {} from bundle {} was unregistered",
                    label,
                    removed.bundle().symbolicName());
        }
    }

    private boolean isInstalled(long bundleId) {
        if (context == null) {
            return true;
        }
        Bundle bundle = context.getBundle(bundleId);
        return bundle != null && bundle.getState() != Bundle.UNINSTALLED;
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED) {
            bundleUninstalled(event.getBundle().getBundleId());
        }
    }

    /** The bundle's connectors are gone for good: callers waiting for them get their answer (404) now. */
    void bundleUninstalled(long bundleId) {
        synchronized (lock) {
            if (!closed && returning.bundleUninstalled(bundleId)) {
                publish();
            }
        }
    }

    private void publishIfRegistered(ProviderRegistration registration) {
        synchronized (lock) {
            if (!closed && registrations.get(registration.serviceId()) == registration) {
                changed();
            }
        }
    }

    /** Publishes now, or within {@link #publishDelayMs} together with what changes meanwhile. Caller holds {@link #lock}. */
    private void changed() {
        if (publishDelayMs == 0) {
            publish();
        } else if (!publishPending) {
            try {
                timeouts.schedule(
                        this::publishPending,
                        PublishDelay.nanos(publishDelayMs, lastPublishNanos),
                        TimeUnit.NANOSECONDS);
                publishPending = true;
            } catch (RejectedExecutionException e) {
                publish(); // deactivating
            }
        }
    }

    @Override
    public boolean publishing() {
        return publishPending;
    }

    private void publishPending() {
        synchronized (lock) {
            if (publishPending && !closed) {
                publish();
            }
        }
    }

    /** Rebuilds the whole view from the registrations. Caller holds {@link #lock}. */
    private void publish() {
        // O(connectors), at most once per publish.delay.ms while providers register (and once per unregistration):
        // kept to plain map and list work, an unchanged entry reused as it is (see BENCHMARKS.md, part 5)
        long started = System.nanoTime();
        RegistryView published;
        try {
            published = rebuild();
            view.set(published);
        } finally {
            // cleared once the view is set: publishing() false means the snapshot has every change made before it
            // (and cleared if the rebuild failed, so that the next change schedules a publication again)
            publishPending = false;
        }
        nextView.getAndSet(new CompletableFuture<>()).complete(published);
        lastPublishNanos = System.nanoTime() - started;
    }

    private RegistryView rebuild() {
        Map<String, ProviderRegistration> active = new HashMap<>();
        Map<ConnectorEntry, ProviderRegistration> byEntry = new IdentityHashMap<>();
        List<ConnectorEntry> entries = new ArrayList<>(registrations.size());
        for (ProviderRegistration registration : registrations.values()) {
            ConnectorEntry previous = registration.entry();
            ConnectorEntry entry = CatalogEntries.unchangedOr(previous, CatalogEntries.entryFor(registration, active));
            registration.entry(entry);
            entries.add(entry);
            if (entry.state() == ConnectorState.ACTIVE) {
                byEntry.put(entry, registration);
            }
            CatalogEntries.logChange(previous, entry);
        }
        entries.sort(CatalogEntries.CATALOG_ORDER);
        returning.settle(registrations.values());
        revision++;
        return new RegistryView(new CatalogSnapshot(revision, entries), active, returning.list(), byEntry);
    }

    private static long serviceId(ServiceReference<?> reference) {
        return ((Number) reference.getProperty(Constants.SERVICE_ID)).longValue();
    }

    public static BundleInfo bundleInfo(Bundle bundle) {
        return new BundleInfo(
                bundle.getBundleId(),
                bundle.getSymbolicName(),
                bundle.getVersion().toString(),
                bundle.getLocation());
    }
}
