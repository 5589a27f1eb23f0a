package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.api.RollbackException.Reason;
import dev.switchboard.host.internal.DaemonThreadFactory;
import dev.switchboard.host.spi.DeployFileInspector;

/**
 * Keeps the contents of deploy-folder files as FileInstall installs or updates bundles from them, under
 * {@code $switchboard.home/data/archive/<file name>/}, and rolls a file back to its previous content.
 * <p>
 * Copies are made on an archiver thread, not the event thread, and only after checking that the file still holds
 * the bundle the event was about (same symbolic name and version): a file replaced again in the meantime is archived
 * by its own event. A rollback writes the previous content beside the deploy folder and moves it over the file in one
 * atomic step, so FileInstall updates the same bundle in place and never sees half a jar.
 */
@Component(service = DeploymentControl.class, immediate = true, configurationPid = DeploymentArchive.PID)
@Designate(ocd = ArchiveConfiguration.class)
public final class DeploymentArchive implements DeploymentControl {

    public static final String PID = "dev.switchboard.host.archive";
    /** The framework property naming the Switchboard home; the archive is {@code data/archive} in it. */
    public static final String HOME_PROPERTY = "switchboard.home";

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentArchive.class);
    private static final long POLL_MS = 50;

    private final BundleContext context;
    private final ConnectorCatalog catalog;
    private final AuditLog audit;
    private final long rollbackTimeoutMs;
    private final Path deployFolder;
    private final ArchiveFolder archive;
    private final ExecutorService archiver;
    private final DeployFileInspectors inspectors = new DeployFileInspectors();
    private final BundleArchiveInspector inspector = new BundleArchiveInspector(inspectors);
    private final BundleListener listener = this::bundleChanged;
    /** Serialises archiving and rollbacks, so a rollback never races the copy of the content it replaces. */
    private final Object lock = new Object();

    @Activate
    public DeploymentArchive(
            BundleContext context,
            @Reference ConnectorCatalog catalog,
            @Reference AuditLog audit,
            ArchiveConfiguration config) {
        this.context = context;
        this.catalog = catalog;
        this.audit = audit;
        this.rollbackTimeoutMs = Math.max(0, config.rollback_timeout_ms());
        String folder = context.getProperty(DeploymentScanner.DEPLOY_FOLDER_PROPERTY);
        String home = context.getProperty(HOME_PROPERTY);
        this.deployFolder = folder == null || folder.isBlank()
                ? null
                : Path.of(folder).toAbsolutePath().normalize();
        this.archive =
                home == null || home.isBlank() ? null : new ArchiveFolder(archiveRoot(home), config.archive_keep());
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1,
                1,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DaemonThreadFactory("switchboard-archiver"));
        executor.allowCoreThreadTimeOut(true);
        this.archiver = executor;
        if (archive == null || deployFolder == null) {
            LOG.info(
                    "No deployment archive: {} or {} is not set",
                    HOME_PROPERTY,
                    DeploymentScanner.DEPLOY_FOLDER_PROPERTY);
            return;
        }
        context.addBundleListener(listener);
        // bundles FileInstall installed before this component started
        for (Bundle bundle : context.getBundles()) {
            archiveLater(bundle);
        }
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
        context.removeBundleListener(listener);
        archiver.shutdownNow();
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.INSTALLED || event.getType() == BundleEvent.UPDATED) {
            archiveLater(event.getBundle());
        }
    }

    private void archiveLater(Bundle bundle) {
        Path file = deployFile(bundle.getLocation());
        if (file == null) {
            return;
        }
        String symbolicName = bundle.getSymbolicName();
        Version version = bundle.getVersion();
        try {
            archiver.execute(() -> keep(file, symbolicName, version));
        } catch (RejectedExecutionException e) {
            LOG.debug("Not archiving {}: the archive is closing", file);
        }
    }

    /** Archives the file's content if it is still the bundle the event was about. */
    void keep(Path file, String symbolicName, Version version) {
        String fileName = file.getFileName().toString();
        synchronized (lock) {
            Path staged = null;
            try {
                if (!Files.isRegularFile(file)) {
                    return;
                }
                staged = archive.stage(file);
                ArchiveInspection content = inspector.inspect(fileName, staged);
                if (!content.isBundle()
                        || !content.symbolicName().equals(symbolicName)
                        || !Version.parseVersion(content.version()).equals(version)) {
                    LOG.debug("Not archiving {}: it no longer holds {} {}", fileName, symbolicName, version);
                    Files.deleteIfExists(staged);
                    return;
                }
                Path kept = archive.keep(fileName, staged, version.toString(), Instant.now());
                staged = null;
                if (kept != null) {
                    LOG.info("Archived {} ({} {}) as {}", fileName, symbolicName, version, kept);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn(
                        "Cannot archive {} ({} {}) under {}: {}",
                        fileName,
                        symbolicName,
                        version,
                        archive.root(),
                        e.toString());
                deleteQuietly(staged);
            }
        }
    }

    /**
     * {@inheritDoc}
     * <p>
     * Audited as {@code deployment.rollback} by {@code host}: whoever asked (an API user, the shell) records their
     * own entry, as this signature does not say who it is.
     */
    @Override
    public Rollback rollback(String connectorId) throws RollbackException {
        try {
            Rollback done = rollBack(connectorId);
            audit(connectorId, "success", done.auditDetails());
            return done;
        } catch (RollbackException e) {
            audit(connectorId, "failure", Map.of("reason", e.reason().code()));
            throw e;
        } catch (RuntimeException e) {
            audit(connectorId, "failure", Map.of("reason", e.getClass().getSimpleName()));
            throw e;
        }
    }

    private void audit(String connectorId, String outcome, Map<String, String> details) {
        audit.record(new AuditEntry(Instant.now(), "host", "deployment.rollback", connectorId, null, outcome, details));
    }

    private Rollback rollBack(String connectorId) throws RollbackException {
        CatalogSnapshot snapshot = catalog.snapshot();
        if (snapshot.versionsOf(connectorId).isEmpty()) {
            throw new RollbackException(Reason.UNKNOWN_CONNECTOR, "There is no connector '" + connectorId + "'.");
        }
        ConnectorEntry active = snapshot.highestActive(connectorId)
                .orElseThrow(() -> new RollbackException(
                        Reason.NOTHING_TO_ROLL_BACK,
                        "Connector '" + connectorId + "' has no ACTIVE version to roll back; "
                                + "GET /api/deployments says why."));
        String location = active.bundle().location();
        Path file = deployFile(location);
        if (file == null || archive == null) {
            throw new RollbackException(
                    Reason.NOTHING_TO_ROLL_BACK,
                    "Connector " + connectorId + "@"
                            + active.version() + " was not installed from a file in the deploy folder (" + location
                            + "), so there is no earlier content to put back.");
        }
        String fileName = file.getFileName().toString();
        String version = putBackPrevious(connectorId, active, file);
        LOG.info(
                "Rolled back {} from {} to {}: the previous content of {} is back in the deploy folder",
                connectorId,
                active.version(),
                version,
                fileName);
        awaitActive(connectorId, version, location);
        return new Rollback(connectorId, version, active.version(), fileName);
    }

    /** Moves the previous content over the file; returns the version it holds. */
    private String putBackPrevious(String connectorId, ConnectorEntry active, Path file) throws RollbackException {
        String fileName = file.getFileName().toString();
        synchronized (lock) {
            try {
                Path previous = archive.previous(fileName, file);
                if (previous == null) {
                    throw new RollbackException(
                            Reason.NOTHING_TO_ROLL_BACK,
                            "Nothing to roll back to: the archive "
                                    + archive.folderOf(fileName) + " holds no earlier content of " + fileName
                                    + " than the "
                                    + "one providing " + connectorId + "@" + active.version() + ".");
                }
                ArchiveInspection content = inspector.inspect(fileName, previous);
                if (!content.isBundle()) {
                    throw new RollbackException(
                            Reason.FAILED, "The archived copy " + previous + " cannot be used: " + content.problem());
                }
                // beside the deploy folder (same file system, not watched), then one atomic move over the file
                Path staged = deployFolder.resolveSibling("." + fileName + ".rollback");
                Files.copy(previous, staged, StandardCopyOption.REPLACE_EXISTING);
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                List<Path> discarded = archive.discardNewerThan(fileName, previous);
                LOG.debug("Rollback of {} discarded {}", fileName, discarded);
                return content.version();
            } catch (IOException e) {
                throw new RollbackException(Reason.FAILED, "Rolling back " + fileName + " failed: " + e, e);
            }
        }
    }

    private void awaitActive(String connectorId, String version, String location) throws RollbackException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(rollbackTimeoutMs);
        while (true) {
            Optional<ConnectorEntry> entry = catalog.snapshot().versionsOf(connectorId).stream()
                    .filter(c -> c.version().equals(version)
                            && location.equals(c.bundle().location()))
                    .findFirst();
            if (entry.isPresent() && entry.get().state() == ConnectorState.ACTIVE) {
                return;
            }
            if (entry.isPresent()
                    && (entry.get().state() == ConnectorState.FAILED
                            || entry.get().state() == ConnectorState.CONFLICT)) {
                throw new RollbackException(
                        Reason.FAILED,
                        "The previous content is back in the deploy folder, but " + connectorId + "@" + version + " is "
                                + entry.get().state() + ": " + entry.get().reason());
            }
            if (System.nanoTime() > deadline) {
                throw new RollbackException(
                        Reason.TIMED_OUT,
                        "The previous content is back in the deploy folder, "
                                + "but " + connectorId + "@" + version + " was not ACTIVE within " + rollbackTimeoutMs
                                + " ms (" + PID + " rollback.timeout.ms); GET /api/deployments says why.");
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RollbackException(
                        Reason.TIMED_OUT,
                        "Interrupted while waiting for " + connectorId + "@" + version + " to be ACTIVE.",
                        e);
            }
        }
    }

    /** {@code <home>/data/archive}. */
    static Path archiveRoot(String home) {
        return Path.of(home).toAbsolutePath().normalize().resolve("data").resolve("archive");
    }

    /** The deploy-folder file a bundle location names, {@code null} for any other location. */
    private Path deployFile(String location) {
        Path path = DeployFolderPaths.locationPath(location);
        if (path == null || deployFolder == null || !deployFolder.equals(path.getParent())) {
            return null;
        }
        return path;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}: {}", file, e.toString());
        }
    }
}
