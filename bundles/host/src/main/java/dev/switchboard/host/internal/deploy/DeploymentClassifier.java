package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

/**
 * Builds the deployment report: matches each deploy-folder file to the bundle FileInstall installed from it and
 * explains every file that did not end up as a working connector.
 */
final class DeploymentClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentClassifier.class);

    /** A file this recent may simply not have been polled yet. */
    static final Duration SCANNER_GRACE = Duration.ofSeconds(5);

    /** A bundle installed from its file whose start is queued (the first scan of a large folder starts them in turn). */
    static final String QUEUED = "installed; waiting for its turn to start";

    static final String WAITING = "waiting for the file to be complete: it changed less than "
            + SCANNER_GRACE.toSeconds() + " s ago and may still be being written (write a jar elsewhere and move it "
            + "into the deploy folder)";

    private final BundleArchiveInspector inspector;
    /** Earlier contents of deploy-folder files; {@code null} when there is no archive. */
    private final ArchiveFolder archive;

    DeploymentClassifier() {
        this(null);
    }

    DeploymentClassifier(ArchiveFolder archive) {
        this(archive, null);
    }

    DeploymentClassifier(ArchiveFolder archive, DeployFileInspectors others) {
        this.archive = archive;
        this.inspector = new BundleArchiveInspector(others);
    }

    List<Deployment> classify(Path folder, List<InstalledBundle> bundles, CatalogSnapshot catalog, Instant now) {
        return classify(folder, bundles, catalog, now, FolderFacts.NONE);
    }

    List<Deployment> classify(
            Path folder, List<InstalledBundle> bundles, CatalogSnapshot catalog, Instant now, FolderFacts facts) {
        List<Deployment> deployments = new ArrayList<>();
        InstalledBundles installed = new InstalledBundles(bundles, catalog);
        for (Path file : DeployFolderPaths.deployableFiles(folder)) {
            deployments.add(classifyFile(file, installed, now, facts));
        }
        for (Path file : DeployFolderPaths.configurationFiles(folder)) {
            deployments.add(ConfigurationFiles.classify(file, now, facts));
        }
        deployments.sort(Comparator.comparing(Deployment::file));
        return deployments;
    }

    /**
     * The files of {@link #classify} that are PENDING or INSTALLED, without looking into a bundle that started: an
     * ACTIVE bundle is never either (its file is ACTIVE, FAILED, CONFLICT or NO_CONNECTOR), and its components are what
     * makes a full report of thousands of connectors cost seconds.
     */
    List<Deployment> unsettled(
            Path folder, List<InstalledBundle> bundles, CatalogSnapshot catalog, Instant now, FolderFacts facts) {
        List<Deployment> waiting = new ArrayList<>();
        InstalledBundles installed = new InstalledBundles(bundles, catalog);
        for (Path file : DeployFolderPaths.deployableFiles(folder)) {
            InstalledBundle bundle = servingBundle(file, installed, facts);
            if (bundle != null && bundle.state() == Bundle.ACTIVE) {
                continue;
            }
            Deployment deployment = classifyFile(file, installed, now, facts);
            if (isUnsettled(deployment)) {
                waiting.add(deployment);
            }
        }
        for (Path file : DeployFolderPaths.configurationFiles(folder)) {
            Deployment deployment = ConfigurationFiles.classify(file, now, facts);
            if (isUnsettled(deployment)) {
                waiting.add(deployment);
            }
        }
        waiting.sort(Comparator.comparing(Deployment::file));
        return waiting;
    }

    private static boolean isUnsettled(Deployment deployment) {
        return deployment.state() == DeploymentState.PENDING || deployment.state() == DeploymentState.INSTALLED;
    }

    /**
     * The deployments of some files of the folder only (those that exist and are not configuration files), in name
     * order: what a check of a few bundles needs, at the cost of those files rather than of the whole folder.
     */
    List<Deployment> classifyFiles(
            Collection<Path> files,
            List<InstalledBundle> bundles,
            CatalogSnapshot catalog,
            Instant now,
            FolderFacts facts) {
        InstalledBundles installed = new InstalledBundles(bundles, catalog);
        List<Deployment> deployments = new ArrayList<>();
        for (Path file : new TreeSet<>(files)) {
            String name = file.getFileName().toString();
            if (!name.startsWith(".") && !DeployFolderPaths.isConfiguration(name) && Files.isRegularFile(file)) {
                deployments.add(classifyFile(file, installed, now, facts));
            }
        }
        return deployments;
    }

    private Deployment classifyFile(Path file, InstalledBundles bundles, Instant now, FolderFacts facts) {
        String name = file.getFileName().toString();
        Path normalized = file.toAbsolutePath().normalize();
        if (facts.duplicates().containsKey(normalized)) {
            Deployment duplicate = duplicate(name, file, facts.duplicates().get(normalized));
            if (duplicate != null) {
                return duplicate;
            }
        }
        InstalledBundle installed = servingBundle(file, bundles, facts);
        if (installed == null) {
            return notInstalled(name, file, bundles.all(), now);
        }
        if (installed.state() != Bundle.ACTIVE
                && facts.queuedToStart().contains(installed.info().id())) {
            return new Deployment(name, DeploymentState.PENDING, installed.info(), List.of(), QUEUED);
        }
        Deployment deployment = BundleStates.classify(
                name, installed, bundles.entriesOf(installed.info().id()));
        String stale = staleContent(file, installed, now);
        if (stale == null) {
            return deployment;
        }
        String reason = deployment.reason() == null ? stale : stale + "; " + deployment.reason();
        return new Deployment(name, DeploymentState.FAILED, deployment.bundle(), deployment.connectors(), reason);
    }

    /** The bundle installed from the file's content (after a hand-over, not the one whose location names it). */
    private static InstalledBundle servingBundle(Path file, InstalledBundles bundles, FolderFacts facts) {
        Long serving = facts.servingFiles().get(file.toAbsolutePath().normalize());
        return serving != null ? bundles.byId(serving) : bundles.installedFrom(file);
    }

    /** A file left uninstalled because another one serves the same bundle. */
    private Deployment duplicate(String name, Path file, String servedBy) {
        ArchiveInspection archive = inspector.inspect(file);
        if (!archive.isBundle() || servedBy == null) {
            return null;
        }
        return new Deployment(
                name,
                DeploymentState.DUPLICATE,
                null,
                List.of(),
                duplicateReason(servedBy, archive.symbolicName() + " " + archive.version()));
    }

    static String duplicateReason(String servedBy, String bundle) {
        return "same bundle as " + servedBy + " (" + bundle + "): remove one copy. This one is left uninstalled "
                + "and never touches the bundle; it takes over if " + servedBy + " is removed";
    }

    /**
     * When the file changed after its bundle was last installed or updated and the scanner has had time to update
     * it, the update failed (FileInstall keeps the bundle it has): says so, naming what keeps serving.
     */
    private String staleContent(Path file, InstalledBundle installed, Instant now) {
        Instant modified = DeployFolderPaths.lastModified(file);
        if (modified == null
                || installed.lastModified() == Long.MAX_VALUE
                || !modified.isAfter(Instant.ofEpochMilli(installed.lastModified()))
                || modified.isAfter(now.minus(SCANNER_GRACE))) {
            return null;
        }
        BundleInfo info = installed.info();
        String serving = "bundle " + info.symbolicName() + " " + info.version() + ", installed from the previous "
                + "content, keeps serving";
        ArchiveInspection archive = inspector.inspect(file);
        if (!archive.isBundle()) {
            return "the file's new content could not be installed (" + archive.problem() + "): " + serving;
        }
        Version version = Version.parseVersion(archive.version());
        if (archive.symbolicName().equals(info.symbolicName()) && version.equals(parse(info.version()))) {
            return null;
        }
        return "the file now holds " + archive.symbolicName() + " " + archive.version() + " but the deploy folder "
                + "scanner could not update the bundle (its log says why): " + serving;
    }

    private Deployment notInstalled(String name, Path file, List<InstalledBundle> bundles, Instant now) {
        ArchiveInspection archive = inspector.inspect(file);
        if (!archive.isBundle()) {
            // FileInstall waits for one unchanged poll only; a writer that pauses longer gets half a jar tried.
            // FAILED, not PENDING: what is there now is no bundle, whether or not more is coming
            if (DeployFolderPaths.modifiedWithin(file, now, SCANNER_GRACE)) {
                return new Deployment(
                        name, DeploymentState.FAILED, null, List.of(), archive.problem() + "; " + WAITING);
            }
            return new Deployment(
                    name, DeploymentState.FAILED, null, List.of(), archive.problem() + replacedContent(file));
        }
        Version version = Version.parseVersion(archive.version());
        for (InstalledBundle other : bundles) {
            BundleInfo info = other.info();
            if (archive.symbolicName().equals(info.symbolicName()) && version.equals(parse(info.version()))) {
                Path otherFile = DeployFolderPaths.locationPath(info.location());
                boolean inFolder = otherFile != null
                        && file.toAbsolutePath().normalize().getParent().equals(otherFile.getParent());
                if (inFolder
                        && !DeployFolderPaths.samePath(file.toAbsolutePath().normalize(), otherFile)) {
                    return new Deployment(
                            name,
                            DeploymentState.DUPLICATE,
                            null,
                            List.of(),
                            duplicateReason(
                                    otherFile.getFileName().toString(),
                                    archive.symbolicName() + " " + archive.version()));
                }
                return new Deployment(
                        name,
                        DeploymentState.FAILED,
                        null,
                        List.of(),
                        "bundle "
                                + archive.symbolicName() + " " + archive.version() + " is already installed from "
                                + info.location() + " (bundle id " + info.id() + "); remove this file or change its "
                                + "Bundle-Version");
            }
        }
        if (DeployFolderPaths.modifiedWithin(file, now, SCANNER_GRACE)) {
            return new Deployment(
                    name,
                    DeploymentState.PENDING,
                    null,
                    List.of(),
                    "bundle " + archive.symbolicName() + " " + archive.version()
                            + " is not installed yet: waiting for the deploy folder scanner");
        }
        return new Deployment(
                name,
                DeploymentState.FAILED,
                null,
                List.of(),
                "bundle " + archive.symbolicName() + " "
                        + archive.version()
                        + " was not installed: the deploy folder scanner could not install it; its log "
                        + "says why");
    }

    /**
     * FileInstall uninstalls the bundle of a file whose new content is not a bundle at all: when the archive holds an
     * earlier content of the file, say so and where it is.
     */
    private String replacedContent(Path file) {
        if (archive == null) {
            return "";
        }
        try {
            Path previous = archive.previous(file.getFileName().toString(), file);
            if (previous == null) {
                return "";
            }
            return "; the bundle installed from its previous content was uninstalled by the deploy folder scanner; "
                    + "that content is kept as " + previous + ": copy a complete jar (or that one) back";
        } catch (IOException e) {
            return "";
        }
    }

    private static Version parse(String version) {
        try {
            return Version.parseVersion(version);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
