package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of the deploy folder as FileInstall sees them: which are bundles and which configurations, when they last
 * changed, and which installed bundle came from which file (by path, not by location string).
 */
final class DeployFolderPaths {

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolderPaths.class);

    private DeployFolderPaths() {}

    /** Regular, non-hidden files other than configuration, sorted by name. */
    static List<Path> deployableFiles(Path folder) {
        return regularFiles(folder, name -> !isConfiguration(name));
    }

    /** Regular, non-hidden configuration files, sorted by name. */
    static List<Path> configurationFiles(Path folder) {
        return regularFiles(folder, DeployFolderPaths::isConfiguration);
    }

    /** The regular, non-hidden files of {@code folder} whose name is {@code wanted}, sorted by name. */
    private static List<Path> regularFiles(Path folder, Predicate<String> wanted) {
        List<Path> files = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(file) && wanted.test(name)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the deploy folder {}: {}", folder, e.getMessage());
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }

    /** FileInstall hands these to ConfigAdmin. */
    static boolean isConfiguration(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".cfg") || name.endsWith(".cfg.json") || name.endsWith(".config");
    }

    static boolean modifiedWithin(Path file, Instant now, Duration window) {
        Instant modified = lastModified(file);
        return modified != null && !modified.isBefore(now.minus(window));
    }

    static Instant lastModified(Path file) {
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
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
    }

    static boolean samePath(Path a, Path b) {
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
