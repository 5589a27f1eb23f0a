package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.internal.catalog.ManifestAggregator;
import dev.switchboard.host.spi.DeployFileInspector;

/**
 * Reports what became of each file in the deploy folder ({@code felix.fileinstall.dir}): bundles and configuration
 * files. Computed on every call from the folder, the installed bundles, the catalog, {@link ServedFiles} and
 * ConfigAdmin, so it never disagrees with them.
 * <p>
 * A deploy-folder bundle that started but registers no connector although it uses the connector API
 * ({@link DeploymentState#NO_CONNECTOR}) is also logged, one WARN per bundle revision, {@value #SETTLE_SECONDS} s after
 * it started (its components may take a moment to be satisfied).
 * <p>
 * When the framework property is not set there is no deploy folder: {@link #deployFolder()} is {@code null} and the
 * list is empty.
 */
@Component(service = DeploymentInventory.class)
public final class DeploymentScanner implements DeploymentInventory {

    /** The framework property FileInstall reads its folder from. */
    public static final String DEPLOY_FOLDER_PROPERTY = "felix.fileinstall.dir";

    static final long SETTLE_SECONDS = 3;

    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
    /**
     * Checks run at most this often: during a mass start a bundle starts every few milliseconds, and a check per
     * start, each costing a look at every installed bundle, made the start quadratic again.
     */
    private static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentScanner.class);

    private final BundleContext context;
    private final ConnectorCatalog catalog;
    private final ServiceComponentRuntime components;
    private final DeploymentClassifier classifier;
    private final ScheduledExecutorService checks =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("switchboard-deploy-check"));
    /** {@code bundle id/last modified} already warned about. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    /** Started bundles waiting to be checked, in start order; guarded by itself. */
    private final Deque<StartedBundle> pending = new ArrayDeque<>();

    private final BundleListener started = this::bundleChanged;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ServedFiles servedFiles;

    private final DeployFileInspectors inspectors = new DeployFileInspectors();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configurationAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConnectionStore connections;

    @Activate
    public DeploymentScanner(
            BundleContext context, @Reference ConnectorCatalog catalog, @Reference ServiceComponentRuntime components) {
        this.context = context;
        this.catalog = catalog;
        this.components = components;
        String home = context.getProperty(DeploymentArchive.HOME_PROPERTY);
        this.classifier = new DeploymentClassifier(
                home == null || home.isBlank()
                        ? null
                        : new ArchiveFolder(DeploymentArchive.archiveRoot(home), Integer.MAX_VALUE),
                inspectors);
        context.addBundleListener(started);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInspector(DeployFileInspector inspector) {
        inspectors.add(inspector);
    }

    void removeInspector(DeployFileInspector inspector) {
        inspectors.remove(inspector);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(started);
        checks.shutdownNow();
    }

    @Override
    public Path deployFolder() {
        String folder = context.getProperty(DEPLOY_FOLDER_PROPERTY);
        return folder == null || folder.isBlank()
                ? null
                : Path.of(folder).toAbsolutePath().normalize();
    }

    @Override
    public List<Deployment> deployments() {
        Path folder = deployFolder();
        if (folder == null) {
            return List.of();
        }
        return classifier.classify(folder, installedBundles(), catalog.snapshot(), Instant.now(), facts());
    }

    @Override
    public List<Deployment> unsettled() {
        Path folder = deployFolder();
        if (folder == null) {
            return List.of();
        }
        return classifier.unsettled(folder, installedBundles(), catalog.snapshot(), Instant.now(), facts());
    }

    private FolderFacts facts() {
        ServedFiles served = servedFiles;
        return new FolderFacts(
                served == null ? Map.of() : served.servingFiles(),
                served == null ? Map.of() : served.duplicates(),
                configurations(),
                connectionProblems(),
                served == null ? Set.of() : served.queuedToStart());
    }

    private List<FolderFacts.ConfiguredFile> configurations() {
        ConfigurationAdmin admin = configurationAdmin;
        List<FolderFacts.ConfiguredFile> configured = new ArrayList<>();
        if (admin == null) {
            return configured;
        }
        try {
            Configuration[] all = admin.listConfigurations("(felix.fileinstall.filename=*)");
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                Object file = configuration.getProperties() == null
                        ? null
                        : configuration.getProperties().get("felix.fileinstall.filename");
                if (file instanceof String uri) {
                    configured.add(new FolderFacts.ConfiguredFile(uri, configuration.getPid()));
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            LOG.debug("Cannot list the deploy folder's configurations", e);
        }
        return configured;
    }

    private Map<String, String> connectionProblems() {
        ConnectionStore store = connections;
        Map<String, String> problems = new HashMap<>();
        if (store == null) {
            return problems;
        }
        try {
            for (NamedConnection connection : store.list()) {
                if (connection.file() != null && connection.problem() != null) {
                    problems.put(connection.file(), connection.problem());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Cannot list the connections", e);
        }
        return problems;
    }

    private List<InstalledBundle> installedBundles() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        FrameworkWiring wiring = system == null ? null : system.adapt(FrameworkWiring.class);
        List<InstalledBundle> bundles = new ArrayList<>();
        ComponentDescriptions descriptions = new ComponentDescriptions(components);
        for (Bundle bundle : context.getBundles()) {
            bundles.add(new InstalledBundle(
                    ManifestAggregator.bundleInfo(bundle),
                    bundle.getState(),
                    bundle.getLastModified(),
                    () -> UnsatisfiedRequirements.of(bundle, wiring),
                    () -> ComponentFailures.of(descriptions.of(bundle.getBundleId()), components),
                    () -> ComponentSummary.of(bundle, descriptions.of(bundle.getBundleId()), components)));
        }
        return bundles;
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.STARTED) {
            return;
        }
        boolean first;
        synchronized (pending) {
            first = pending.isEmpty();
            pending.add(new StartedBundle(event.getBundle(), System.nanoTime() + SETTLE_NANOS));
        }
        if (first) {
            checkLater(SETTLE_NANOS);
        }
    }

    private void checkLater(long delayNanos) {
        try {
            checks.schedule(this::checkSettled, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    /**
     * Checks every bundle that started at least {@value #SETTLE_SECONDS} s ago, in one report of their files only, and
     * at most once a second: a mass start (2,000 connectors) costs one small report a second instead of a report per
     * bundle.
     */
    private void checkSettled() {
        List<Bundle> due = new ArrayList<>();
        long next;
        synchronized (pending) {
            long now = System.nanoTime();
            while (!pending.isEmpty() && pending.peek().dueNanos() - now <= 0) {
                due.add(pending.poll().bundle());
            }
            next = pending.isEmpty()
                    ? -1
                    : Math.max(CHECK_INTERVAL_NANOS, pending.peek().dueNanos() - now);
        }
        if (next >= 0) {
            checkLater(next);
        }
        if (!due.isEmpty()) {
            warnIfNoConnector(due);
        }
    }

    /** One WARN per bundle revision that uses the connector API but registers no connector. */
    private void warnIfNoConnector(List<Bundle> started) {
        Path folder = deployFolder();
        try {
            Map<Long, Bundle> active = new HashMap<>();
            for (Bundle bundle : started) {
                if (bundle.getState() == Bundle.ACTIVE) {
                    active.put(bundle.getBundleId(), bundle);
                }
            }
            // a bundle with a connector in the catalog is not NO_CONNECTOR: in a mass start that is every bundle,
            // and the check then costs no report at all
            CatalogSnapshot snapshot = catalog.snapshot();
            for (ConnectorEntry entry : snapshot.connectors()) {
                if (entry.bundle() != null) {
                    active.remove(entry.bundle().id());
                }
            }
            if (folder == null || active.isEmpty()) {
                return;
            }
            FolderFacts facts = facts();
            Set<Path> files = new HashSet<>();
            facts.servingFiles().forEach((file, id) -> {
                if (active.containsKey(id)) {
                    files.add(file);
                }
            });
            for (Bundle bundle : active.values()) {
                Path file = DeployFolderPaths.locationPath(bundle.getLocation());
                if (file != null && folder.equals(file.getParent())) {
                    files.add(file);
                }
            }
            for (Deployment deployment :
                    classifier.classifyFiles(files, installedBundles(), snapshot, Instant.now(), facts)) {
                Bundle bundle = deployment.bundle() == null
                        ? null
                        : active.get(deployment.bundle().id());
                if (deployment.state() == DeploymentState.NO_CONNECTOR
                        && bundle != null
                        && warned.add(bundle.getBundleId() + "/" + bundle.getLastModified())) {
                    LOG.warn(
                            "{}: bundle {} {} is started but registers no connector: {}",
                            deployment.file(),
                            bundle.getSymbolicName(),
                            bundle.getVersion(),
                            deployment.reason());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Cannot check bundles {} for connectors", started, e);
        }
    }

    private record StartedBundle(Bundle bundle, long dueNanos) {}
}
