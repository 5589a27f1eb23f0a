package dev.switchboard.host.internal.deploy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.internal.catalog.ManifestAggregator;

/**
 * Reports what became of each file in the deploy folder ({@code felix.fileinstall.dir}). Computed on every call from
 * the folder, the installed bundles and the catalog, so it never disagrees with them.
 * <p>
 * When the framework property is not set there is no deploy folder: {@link #deployFolder()} is {@code null} and the
 * list is empty.
 */
@Component(service = DeploymentInventory.class)
public final class DeploymentScanner implements DeploymentInventory {

    /** The framework property FileInstall reads its folder from. */
    public static final String DEPLOY_FOLDER_PROPERTY = "felix.fileinstall.dir";

    private final BundleContext context;
    private final ConnectorCatalog catalog;
    private final ServiceComponentRuntime components;
    private final DeploymentClassifier classifier;

    @Activate
    public DeploymentScanner(BundleContext context, @Reference ConnectorCatalog catalog,
                             @Reference ServiceComponentRuntime components) {
        this.context = context;
        this.catalog = catalog;
        this.components = components;
        String home = context.getProperty(DeploymentArchive.HOME_PROPERTY);
        this.classifier = new DeploymentClassifier(home == null || home.isBlank() ? null
                : new ArchiveFolder(DeploymentArchive.archiveRoot(home), Integer.MAX_VALUE));
    }

    @Override
    public Path deployFolder() {
        String folder = context.getProperty(DEPLOY_FOLDER_PROPERTY);
        return folder == null || folder.isBlank() ? null : Path.of(folder).toAbsolutePath().normalize();
    }

    @Override
    public List<Deployment> deployments() {
        Path folder = deployFolder();
        if (folder == null) {
            return List.of();
        }
        return classifier.classify(folder, installedBundles(), catalog.snapshot(), Instant.now());
    }

    private List<InstalledBundle> installedBundles() {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        FrameworkWiring wiring = system == null ? null : system.adapt(FrameworkWiring.class);
        List<InstalledBundle> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.add(new InstalledBundle(ManifestAggregator.bundleInfo(bundle), bundle.getState(),
                    bundle.getLastModified(), () -> UnsatisfiedRequirements.of(bundle, wiring),
                    () -> ComponentFailures.of(bundle, components)));
        }
        return bundles;
    }
}
