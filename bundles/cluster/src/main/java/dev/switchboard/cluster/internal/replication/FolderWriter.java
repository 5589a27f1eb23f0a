package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the cluster's files into the deploy folder so that FileInstall only ever sees whole ones: the content goes to
 * a dot-named temporary file in the folder (FileInstall's filter {@code [^.].*} skips it), which is then moved over
 * the file in one atomic step; FileInstall then installs, updates (its zero-failure swap) or uninstalls as for a file
 * dropped by hand.
 */
final class FolderWriter {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String STAGED_SUFFIX = ".cluster.tmp";

    private final Path folder;

    FolderWriter(Path folder) {
        this.folder = folder;
    }

    void write(String name, byte[] content) throws IOException {
        Path file = inFolder(name);
        Files.createDirectories(folder);
        Path staged = folder.resolve("." + name + "." + UUID.randomUUID() + STAGED_SUFFIX);
        try {
            if (POSIX) {
                // owner-only, as the host writes deploy-folder files: a .cfg may hold (encrypted) secrets
                Files.createFile(staged, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.write(staged, content);
            try {
                Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** Deletes the temporary files a crash left behind (dot-named, so FileInstall never read them). */
    void removeLeftovers() throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, ".*" + STAGED_SUFFIX)) {
            for (Path file : stream) {
                Files.deleteIfExists(file);
            }
        }
    }

    void delete(String name) throws IOException {
        Files.deleteIfExists(inFolder(name));
    }

    /** {@code name} in the folder; a name from the database that would point elsewhere is refused. */
    private Path inFolder(String name) {
        if (!FolderScan.replicable(name)) {
            throw new IllegalArgumentException("Not a deploy-folder file name: " + name);
        }
        Path file = folder.resolve(name).normalize();
        if (!folder.equals(file.getParent())) {
            throw new IllegalArgumentException("Not a deploy-folder file name: " + name);
        }
        return file;
    }
}
