package dev.switchboard.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the home folder to its owner: every folder and file under it loses its group and world permissions (the
 * home and its folders end up 0700, files 0600, or 0700 when the owner may execute them). The home holds connection
 * secrets, the key that encrypts them, the trigger store with inline passwords and hook tokens, and the admin
 * password: nothing there is for other local users. Symbolic links are neither followed nor changed.
 * <p>
 * A home that is 0700 already keeps every other user out of everything under it, whatever the modes inside; fixing
 * the modes inside too means a folder moved or copied out of the home stays private.
 */
final class HomePermissions {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final Path home;

    HomePermissions(Path home) {
        this.home = home;
    }

    /** Whether the file system has POSIX permissions at all (not so on Windows: then nothing is checked). */
    boolean supported() {
        return Files.getFileAttributeView(
                        home, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                != null;
    }

    /**
     * Removes group and world permissions from the home and everything under it.
     *
     * @return what was fixed, relative to the home ({@code "."} for the home itself), in walk order
     */
    List<String> restrict() throws IOException {
        List<String> fixed = new ArrayList<>();
        if (!Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS) || !supported()) {
            return fixed;
        }
        Files.walkFileTree(home, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                fix(dir, fixed);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isSymbolicLink()) {
                    fix(file, fixed);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed meanwhile (a file being replaced, a cache entry)
                }
                throw e;
            }
        });
        return fixed;
    }

    private void fix(Path path, List<String> fixed) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (permissions.stream().noneMatch(OTHERS::contains)) {
            return;
        }
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        permissions.stream().filter(p -> !OTHERS.contains(p)).forEach(owner::add);
        try {
            Files.setPosixFilePermissions(path, owner);
        } catch (NoSuchFileException e) {
            return;
        }
        Path relative = home.relativize(path);
        fixed.add(relative.toString().isEmpty() ? "." : relative.toString());
    }

    /**
     * Whether files this process creates are private without help: a file made here (and deleted at once) has no
     * group or world permission, that is the process umask is 077. When it is not (a jar started directly from a
     * shell with umask 022), the files ConfigAdmin, H2 and the host write later are group/world-readable until the
     * next sweep, though unreachable for other users inside a 0700 home.
     */
    boolean newFilesArePrivate() throws IOException {
        if (!supported()) {
            return true;
        }
        Path probe = Files.createTempFile(home, ".umask", ".probe");
        try {
            // createTempFile asks for 0600 itself: a plain file tells the umask
            Files.delete(probe);
            Files.createFile(probe);
            return Files.getPosixFilePermissions(probe).stream().noneMatch(OTHERS::contains);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** A short list for one log line: the first {@code max} entries and how many more. */
    static String summary(List<String> fixed, int max) {
        if (fixed.size() <= max) {
            return String.join(", ", fixed);
        }
        return String.join(", ", fixed.subList(0, max)) + " and " + (fixed.size() - max) + " more";
    }
}
