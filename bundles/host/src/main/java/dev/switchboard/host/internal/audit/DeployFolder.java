package dev.switchboard.host.internal.audit;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.framework.BundleContext;

import dev.switchboard.host.internal.deploy.DeploymentScanner;

/**
 * The deploy folder ({@code felix.fileinstall.dir}), to tell whether a bundle location or a configuration's
 * {@code felix.fileinstall.filename} (both {@code file:} URIs from FileInstall) names a file directly in it.
 *
 * @param folder the absolute, normalised folder, or {@code null} when the framework has none
 */
record DeployFolder(Path folder) {

    static DeployFolder of(BundleContext context) {
        String folder = context.getProperty(DeploymentScanner.DEPLOY_FOLDER_PROPERTY);
        return new DeployFolder(
                folder == null || folder.isBlank()
                        ? null
                        : Path.of(folder).toAbsolutePath().normalize());
    }

    /** The name of the deploy-folder file a {@code file:} URI names, {@code null} for anything else. */
    String fileName(Object uri) {
        if (folder == null || !(uri instanceof String location) || !location.regionMatches(true, 0, "file:", 0, 5)) {
            return null;
        }
        try {
            Path path = Paths.get(URI.create(location)).toAbsolutePath().normalize();
            return folder.equals(path.getParent()) ? path.getFileName().toString() : null;
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
    }
}
