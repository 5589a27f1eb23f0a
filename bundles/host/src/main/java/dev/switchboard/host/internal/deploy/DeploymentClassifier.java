package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
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
        for (Path file : deployableFiles(folder)) {
            deployments.add(classifyFile(file, bundles, catalog, now, facts));
        }
        for (Path file : configurationFiles(folder)) {
            deployments.add(classifyConfiguration(file, now, facts));
        }
        deployments.sort(Comparator.comparing(Deployment::file));
        return deployments;
    }

    /** Regular, non-hidden files other than configuration, sorted by name. */
    static List<Path> deployableFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file) || isConfiguration(name)) {
                    continue;
                }
                files.add(file);
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the deploy folder {}: {}", folder, e.getMessage());
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** Regular, non-hidden configuration files, sorted by name. */
    static List<Path> configurationFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(file) && isConfiguration(name)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the deploy folder {}: {}", folder, e.getMessage());
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /**
     * A configuration file: APPLIED when ConfigAdmin holds the configuration FileInstall made from it (FAILED when it
     * is a named connection with a problem), PENDING while the scanner may not have read it yet, else FAILED.
     */
    private static Deployment classifyConfiguration(Path file, Instant now, FolderFacts facts) {
        String name = file.getFileName().toString();
        String expected = pidOf(name);
        if (name.toLowerCase(Locale.ROOT).endsWith(".cfg.json")) {
            String base = name.substring(0, name.length() - ".cfg.json".length());
            return new Deployment(
                    name,
                    DeploymentState.FAILED,
                    null,
                    List.of(),
                    "the deploy folder scanner "
                            + "(FileInstall 3.7.4) reads .cfg and .config files only: rename it to " + base
                            + ".cfg (Java "
                            + "properties) or " + base + ".config (typed values)",
                    expected);
        }
        Path wanted = file.toAbsolutePath().normalize();
        for (FolderFacts.ConfiguredFile configured : facts.configurations()) {
            Path from = locationPath(configured.fileUri());
            if (from != null && samePath(wanted, from)) {
                String problem = facts.connectionProblems().get(name);
                return problem == null
                        ? new Deployment(name, DeploymentState.APPLIED, null, List.of(), null, configured.pid())
                        : new Deployment(
                                name,
                                DeploymentState.FAILED,
                                null,
                                List.of(),
                                "the connection cannot be " + "used: " + problem,
                                configured.pid());
            }
        }
        if (modifiedWithin(file, now, SCANNER_GRACE)) {
            return new Deployment(
                    name,
                    DeploymentState.PENDING,
                    null,
                    List.of(),
                    "not applied yet: waiting for " + "the deploy folder scanner",
                    expected);
        }
        return new Deployment(
                name,
                DeploymentState.FAILED,
                null,
                List.of(),
                "not applied: the deploy folder "
                        + "scanner (FileInstall) could not read it as a configuration; its log says why",
                expected);
    }

    /**
     * The PID FileInstall gives a configuration file: the name without its extension; {@code factory-name} is a
     * factory configuration, PID {@code factory~name}.
     */
    static String pidOf(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".cfg.json")
                ? fileName.substring(0, fileName.length() - 9)
                : fileName.substring(0, fileName.lastIndexOf('.'));
        int dash = base.indexOf('-');
        return dash < 0 ? base : base.substring(0, dash) + "~" + base.substring(dash + 1);
    }

    /** FileInstall hands these to ConfigAdmin. */
    static boolean isConfiguration(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".cfg") || name.endsWith(".cfg.json") || name.endsWith(".config");
    }

    private Deployment classifyFile(
            Path file, List<InstalledBundle> bundles, CatalogSnapshot catalog, Instant now, FolderFacts facts) {
        String name = file.getFileName().toString();
        Path normalized = file.toAbsolutePath().normalize();
        if (facts.duplicates().containsKey(normalized)) {
            Deployment duplicate = duplicate(name, file, facts.duplicates().get(normalized));
            if (duplicate != null) {
                return duplicate;
            }
        }
        Long serving = facts.servingFiles().get(normalized);
        InstalledBundle installed = serving != null ? byId(serving, bundles) : installedFrom(file, bundles);
        if (installed == null) {
            return notInstalled(name, file, bundles, now);
        }
        Deployment deployment = classifyBundle(name, installed, catalog);
        String stale = staleContent(file, installed, now);
        if (stale == null) {
            return deployment;
        }
        String reason = deployment.reason() == null ? stale : stale + "; " + deployment.reason();
        return new Deployment(name, DeploymentState.FAILED, deployment.bundle(), deployment.connectors(), reason);
    }

    private static InstalledBundle byId(long id, List<InstalledBundle> bundles) {
        for (InstalledBundle bundle : bundles) {
            if (bundle.info().id() == id) {
                return bundle;
            }
        }
        return null;
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

    private static Deployment classifyBundle(String name, InstalledBundle installed, CatalogSnapshot catalog) {
        BundleInfo info = installed.info();
        switch (installed.state()) {
            case Bundle.INSTALLED -> {
                List<String> missing = installed.unsatisfiedRequirements().get();
                String reason = missing.isEmpty()
                        ? "the bundle is installed but cannot be resolved; the framework log names the conflict"
                        : String.join("; ", missing);
                return new Deployment(name, DeploymentState.UNRESOLVED, info, List.of(), reason);
            }
            case Bundle.RESOLVED -> {
                return new Deployment(
                        name, DeploymentState.INSTALLED, info, List.of(), "the bundle is resolved but not started");
            }
            case Bundle.STARTING -> {
                return new Deployment(
                        name,
                        DeploymentState.INSTALLED,
                        info,
                        List.of(),
                        "the bundle is starting (or waiting for lazy activation)");
            }
            case Bundle.ACTIVE -> {
                return active(name, info, catalog, installed.componentFailures().get(), installed.components());
            }
            default -> {
                return new Deployment(
                        name,
                        DeploymentState.INSTALLED,
                        info,
                        List.of(),
                        "the bundle is stopping or being uninstalled");
            }
        }
    }

    /**
     * When the file changed after its bundle was last installed or updated and the scanner has had time to update
     * it, the update failed (FileInstall keeps the bundle it has): says so, naming what keeps serving.
     */
    private String staleContent(Path file, InstalledBundle installed, Instant now) {
        Instant modified = lastModified(file);
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

    private static Deployment active(
            String name,
            BundleInfo info,
            CatalogSnapshot catalog,
            List<String> componentFailures,
            Supplier<ComponentSummary> components) {
        List<String> connectors = new ArrayList<>();
        List<String> failed = new ArrayList<>(componentFailures);
        List<String> conflicts = new ArrayList<>();
        for (ConnectorEntry entry : catalog.connectors()) {
            if (entry.bundle() == null || entry.bundle().id() != info.id()) {
                continue;
            }
            String label = entry.id() + "@" + entry.version();
            connectors.add(label);
            if (entry.state() == ConnectorState.FAILED) {
                failed.add(label + ": " + entry.reason());
            } else if (entry.state() == ConnectorState.CONFLICT) {
                conflicts.add(label + ": " + entry.reason());
            }
        }
        if (!failed.isEmpty()) {
            List<String> reasons = new ArrayList<>(failed);
            reasons.addAll(conflicts);
            return new Deployment(name, DeploymentState.FAILED, info, connectors, String.join("; ", reasons));
        }
        if (!conflicts.isEmpty()) {
            return new Deployment(name, DeploymentState.CONFLICT, info, connectors, String.join("; ", conflicts));
        }
        ComponentSummary summary = components.get();
        if (connectors.isEmpty()) {
            String why = summary.whyNoConnector();
            if (why != null) {
                return new Deployment(name, DeploymentState.NO_CONNECTOR, info, connectors, why);
            }
            if (!summary.usesConnectorApi() && summary != ComponentSummary.UNKNOWN) {
                return new Deployment(name, DeploymentState.ACTIVE, info, connectors, LIBRARY);
            }
            if (summary != ComponentSummary.UNKNOWN) {
                return new Deployment(name, DeploymentState.ACTIVE, info, connectors, NO_PROVIDER);
            }
        } else if (!summary.problems().isEmpty()) {
            // some connectors run; the components that do not are worth a note
            return new Deployment(
                    name, DeploymentState.ACTIVE, info, connectors, String.join("; ", summary.problems()));
        }
        return new Deployment(name, DeploymentState.ACTIVE, info, connectors, null);
    }

    static final String LIBRARY = "a library bundle: it does not use the connector API and registers no connector";
    static final String NO_PROVIDER =
            "registers no connector: its components run but none provides one " + "(ServiceOperationsProvider)";

    private Deployment notInstalled(String name, Path file, List<InstalledBundle> bundles, Instant now) {
        ArchiveInspection archive = inspector.inspect(file);
        if (!archive.isBundle()) {
            // FileInstall waits for one unchanged poll only; a writer that pauses longer gets half a jar tried.
            // FAILED, not PENDING: what is there now is no bundle, whether or not more is coming
            if (modifiedWithin(file, now, SCANNER_GRACE)) {
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
                Path otherFile = locationPath(info.location());
                boolean inFolder = otherFile != null
                        && file.toAbsolutePath().normalize().getParent().equals(otherFile.getParent());
                if (inFolder && !samePath(file.toAbsolutePath().normalize(), otherFile)) {
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
        if (modifiedWithin(file, now, SCANNER_GRACE)) {
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

    private static boolean modifiedWithin(Path file, Instant now, Duration window) {
        Instant modified = lastModified(file);
        return modified != null && !modified.isBefore(now.minus(window));
    }

    private static Instant lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    /** FileInstall installs from {@code file.toURI().normalize()}; compare paths, not strings. */
    static InstalledBundle installedFrom(Path file, List<InstalledBundle> bundles) {
        Path wanted = file.toAbsolutePath().normalize();
        for (InstalledBundle bundle : bundles) {
            Path location = locationPath(bundle.info().location());
            if (location != null && samePath(wanted, location)) {
                return bundle;
            }
        }
        return null;
    }

    static Path locationPath(String location) {
        if (location == null || !location.regionMatches(true, 0, "file:", 0, 5)) {
            return null;
        }
        try {
            return Paths.get(URI.create(location)).toAbsolutePath().normalize();
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    private static boolean samePath(Path a, Path b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
