package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentException;
import dev.switchboard.host.api.DeploymentFiles;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Failure.Reason;
import dev.switchboard.host.spi.DeployFileInspector;

/**
 * The one place the front ends write into the deploy folder ({@link DeploymentFiles}): the name is checked, the
 * content is written to a dot-named temporary file in the folder (FileInstall and the cluster's replication skip
 * those) within the size limit, inspected as the scanner will (a connector jar, or a document a
 * {@link DeployFileInspector} reads) and only then moved over the file atomically. The same bytes as the file has
 * already are not written again. Then the scanner takes it as any dropped file.
 */
@Component(service = DeploymentFiles.class, configurationPid = DeployFolderWrites.PID)
@Designate(ocd = UploadConfiguration.class)
public final class DeployFolderWrites implements DeploymentFiles {

    public static final String PID = "dev.switchboard.host.uploads";

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderWrites.class);
    /** A plain file name: no path, no hidden file. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");

    private final BundleContext context;
    private final DeploymentInventory inventory;
    private final DeployFileInspectors inspectors = new DeployFileInspectors();
    private final SettledDeployment settled;
    private volatile long maxBytes;

    @Activate
    public DeployFolderWrites(
            BundleContext context, @Reference DeploymentInventory inventory, UploadConfiguration configuration) {
        this.context = context;
        this.inventory = inventory;
        this.settled = new SettledDeployment(inventory::deployments, this::installedAt, System::currentTimeMillis);
        modified(configuration);
    }

    @Modified
    void modified(UploadConfiguration configuration) {
        this.maxBytes = Math.max(1, configuration.max_file_bytes());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInspector(DeployFileInspector inspector) {
        inspectors.add(inspector);
    }

    void removeInspector(DeployFileInspector inspector) {
        inspectors.remove(inspector);
    }

    @Override
    public Written write(String fileName, InputStream content, Duration wait) {
        checkDeployable(fileName);
        Path folder = folder();
        Path target = folder.resolve(fileName);
        Path staged = null;
        try {
            Files.createDirectories(folder);
            staged = Files.createTempFile(folder, ".upload-", ".part");
            copy(content, staged, fileName);
            ArchiveInspection inspection = new BundleArchiveInspector(inspectors).inspect(fileName, staged);
            if (inspection.problem() != null) {
                throw new DeploymentException(
                        Reason.INVALID_REQUEST,
                        "NotDeployable",
                        fileName + " was not written to the deploy folder: " + inspection.problem());
            }
            boolean replaced = Files.exists(target);
            if (replaced && Arrays.equals(ContentDigest.of(staged), ContentDigest.of(target))) {
                Deployment entry = settled.entry(fileName);
                return new Written(entry, true, true, entry != null);
            }
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            long writtenAt = Files.getLastModifiedTime(target).toMillis();
            LOG.info(
                    "{} {} the deploy folder ({} {})",
                    fileName,
                    replaced ? "replaced in" : "added to",
                    inspection.symbolicName(),
                    inspection.version());
            SettledDeployment.Outcome outcome = settled.await(target, writtenAt, wait);
            return new Written(outcome.deployment(), replaced, false, outcome.settled());
        } catch (IOException e) {
            throw new DeploymentException(
                    Reason.INTERNAL, "WriteFailed", "Writing " + fileName + " to the deploy folder failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Deployment entry = settled.entry(fileName);
            return new Written(entry, Files.exists(target), false, false);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    LOG.warn("Could not delete the temporary file {}", staged, e);
                }
            }
        }
    }

    @Override
    public boolean remove(String fileName, Duration wait) {
        checkName(fileName);
        Path target = folder().resolve(fileName);
        try {
            if (!Files.deleteIfExists(target)) {
                throw new DeploymentException(
                        Reason.NOT_FOUND,
                        "DeploymentNotFound",
                        "There is no file " + fileName + " in the deploy folder; GET /api/deployments lists them.");
            }
            LOG.info("{} removed from the deploy folder", fileName);
            return settled.awaitGone(target, wait);
        } catch (IOException e) {
            throw new DeploymentException(Reason.INTERNAL, "RemoveFailed", "Removing " + fileName + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path folder() {
        Path folder = inventory.deployFolder();
        if (folder == null) {
            throw new DeploymentException(
                    Reason.UNAVAILABLE,
                    "NoDeployFolder",
                    "This host watches no deploy folder (felix.fileinstall.dir).");
        }
        return folder;
    }

    private static void checkName(String fileName) {
        if (fileName == null || !NAME.matcher(fileName).matches()) {
            throw new DeploymentException(
                    Reason.INVALID_REQUEST,
                    "InvalidFileName",
                    "The file name must be a plain name of up to 200 letters, digits and . _ + - (no path, not "
                            + "starting with a dot).");
        }
    }

    private void checkDeployable(String fileName) {
        checkName(fileName);
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".cfg") || lower.endsWith(".config")) {
            throw new DeploymentException(
                    Reason.INVALID_REQUEST,
                    "NotDeployable",
                    fileName + ": configuration files are not uploaded; use PUT /api/connections/{name} for a named "
                            + "connection (its secrets are encrypted there).");
        }
        if (!lower.endsWith(".jar") && inspectors.forFile(fileName) == null) {
            throw new DeploymentException(
                    Reason.INVALID_REQUEST,
                    "NotDeployable",
                    fileName + ": only connector jars (.jar) and the documents an installed deployer reads (such as "
                            + "*.openapi.json, *.openapi.yaml) can be deployed.");
        }
    }

    private void copy(InputStream content, Path staged, String fileName) throws IOException {
        long limit = maxBytes;
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(staged)) {
            int n;
            while ((n = content.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    throw new DeploymentException(
                            Reason.TOO_LARGE,
                            "FileTooLarge",
                            fileName + " is larger than " + limit + " bytes (max.file.bytes of " + PID + ").");
                }
                out.write(buffer, 0, n);
            }
        }
        if (total == 0) {
            throw new DeploymentException(
                    Reason.INVALID_REQUEST,
                    "NotDeployable",
                    fileName + " is empty: send the file's content as the body.");
        }
    }

    /** The last-modified time of the bundle FileInstall installed from {@code file}, -1 when there is none. */
    private long installedAt(Path file) {
        Path wanted = file.toAbsolutePath().normalize();
        for (Bundle bundle : context.getBundles()) {
            Path location = DeployFolderPaths.locationPath(bundle.getLocation());
            if (location != null && location.equals(wanted) && bundle.getState() != Bundle.UNINSTALLED) {
                return bundle.getLastModified();
            }
        }
        return -1;
    }
}
