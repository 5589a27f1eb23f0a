package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
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

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentScanner.class);

    private final BundleContext context;
    private final ConnectorCatalog catalog;
    private final ServiceComponentRuntime components;
    private final DeploymentClassifier classifier;
    private final ScheduledExecutorService checks =
            Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("switchboard-deploy-check"));
    /** {@code bundle id/last modified} already warned about. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

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

    private FolderFacts facts() {
        ServedFiles served = servedFiles;
        return new FolderFacts(
                served == null ? Map.of() : served.servingFiles(),
                served == null ? Map.of() : served.duplicates(),
                configurations(),
                connectionProblems());
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
        for (Bundle bundle : context.getBundles()) {
            bundles.add(new InstalledBundle(
                    ManifestAggregator.bundleInfo(bundle),
                    bundle.getState(),
                    bundle.getLastModified(),
                    () -> UnsatisfiedRequirements.of(bundle, wiring),
                    () -> ComponentFailures.of(bundle, components),
                    () -> ComponentSummary.of(bundle, components)));
        }
        return bundles;
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.STARTED) {
            return;
        }
        Bundle bundle = event.getBundle();
        try {
            checks.schedule(() -> warnIfNoConnector(bundle), SETTLE_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // deactivated
        }
    }

    /** One WARN per bundle revision that uses the connector API but registers no connector. */
    private void warnIfNoConnector(Bundle bundle) {
        try {
            if (bundle.getState() != Bundle.ACTIVE) {
                return;
            }
            for (Deployment deployment : deployments()) {
                if (deployment.state() == DeploymentState.NO_CONNECTOR
                        && deployment.bundle() != null
                        && deployment.bundle().id() == bundle.getBundleId()
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
            LOG.debug("Cannot check bundle {} for connectors", bundle.getBundleId(), e);
        }
    }
}
