package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes the cluster's files into the deploy folder so that FileInstall only ever sees whole ones: the content goes to
 * a dot-named temporary file in the folder (FileInstall's filter {@code [^.].*} skips it), which is then moved over
 * the file in one atomic step; FileInstall then installs, updates (its zero-failure swap) or uninstalls as for a file
 * dropped by hand.
 */
final class FolderWriter {

    private final Path folder;

    FolderWriter(Path folder) {
        this.folder = folder;
    }

    void write(String name, byte[] content) throws IOException {
        Path file = inFolder(name);
        Files.createDirectories(folder);
        Path staged = folder.resolve("." + name + "." + UUID.randomUUID() + ".cluster.tmp");
        try {
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
