package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;

/**
 * A connection's root folder and the one way to turn a caller's relative path into a file under it. A path is split
 * on {@code /} and {@code \}; it is refused (400 {@code InvalidPath}, naming the input) when it is absolute (a leading
 * separator, a drive letter or a root), has a {@code ..} segment or a NUL, or when the deepest part of it that exists
 * resolves (through symbolic links, {@link Path#toRealPath}) to a place outside the root's real path, or when it
 * cannot be a path here: a character the file system cannot encode, a name longer than 255 bytes, a whole path longer
 * than 4095 bytes. Error messages
 * name the input and quote the caller's path, never the root folder or any file content.
 * <p>
 * The check is made before the file is touched; a link swapped in between check and use (a race with someone who may
 * write under the root) is not prevented.
 */
final class FileRoot {

    static final String ROOT_FOLDER = "rootFolder";
    /** Longest file or folder name, in bytes: NAME_MAX of Linux, and of ext4, XFS, Btrfs, tmpfs, APFS, NTFS alike. */
    static final int MAX_NAME_BYTES = 255;
    /** Longest absolute path, in bytes: PATH_MAX of Linux (4096, the terminating NUL included). */
    static final int MAX_PATH_BYTES = 4095;

    private final Path real;

    private FileRoot(Path real) {
        this.real = real;
    }

    /** The connection's {@code rootFolder}: an absolute path to an existing folder (400 otherwise, naming it). */
    static FileRoot of(ConnectionParameters connection) {
        return of(connection.getRequired(ROOT_FOLDER));
    }

    static FileRoot of(String rootFolder) {
        Path root;
        try {
            root = Paths.get(rootFolder);
        } catch (InvalidPathException e) {
            throw invalidRoot("is not a valid path");
        }
        if (!root.isAbsolute()) {
            throw invalidRoot("must be an absolute path");
        }
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw invalidRoot("is not a folder");
            }
            return new FileRoot(real);
        } catch (IOException e) {
            throw invalidRoot("does not exist or cannot be read");
        }
    }

    private static ServiceOperationException invalidRoot(String problem) {
        return new ServiceOperationException(
                400, "InvalidConnectionParameter", "Connection parameter '" + ROOT_FOLDER + "' " + problem + ".");
    }

    /** The root's real path. */
    Path path() {
        return real;
    }

    /**
     * Resolves {@code input} (the value of the operation input {@code name}) against the root.
     *
     * @param allowRoot whether an empty path (or only {@code .} segments), meaning the root itself, is allowed
     */
    Path resolve(String name, String input, boolean allowRoot) {
        String value = input == null ? "" : input;
        if (value.indexOf('\0') >= 0) {
            throw invalidPath(name, value, "contains a NUL character");
        }
        if (value.startsWith("/") || value.startsWith("\\") || value.matches("^[A-Za-z]:.*")) {
            throw invalidPath(name, value, "is absolute; give a path relative to the root folder");
        }
        Path resolved = real;
        for (String segment : value.split("[/\\\\]")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw invalidPath(name, value, "has a '..' segment; paths may not leave the root folder");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw tooLong(name, value);
            }
            try {
                Path part = Paths.get(segment);
                if (part.isAbsolute() || part.getRoot() != null || part.getNameCount() != 1) {
                    throw invalidPath(name, value, "is absolute; give a path relative to the root folder");
                }
                resolved = resolved.resolve(part);
            } catch (InvalidPathException e) {
                throw invalidPath(name, value, "is not a valid path");
            }
        }
        resolved = resolved.normalize();
        if (resolved.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw tooLong(name, value);
        }
        if (!resolved.startsWith(real)) {
            throw invalidPath(name, value, "leaves the root folder");
        }
        if (resolved.equals(real) && !allowRoot) {
            throw invalidPath(name, value, "names the root folder itself; give a file under it");
        }
        checkLinks(name, value, resolved);
        return resolved;
    }

    /** The deepest existing part of {@code path} must really be under the root (symbolic links followed). */
    private void checkLinks(String name, String value, Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw invalidPath(name, value, "leaves the root folder");
        }
        Path target;
        try {
            target = existing.toRealPath();
        } catch (IOException e) {
            // a dangling symbolic link, or a loop: nothing to follow safely
            throw invalidPath(name, value, "goes through a symbolic link that cannot be resolved");
        }
        if (!target.startsWith(real)) {
            throw invalidPath(name, value, "leads outside the root folder through a symbolic link");
        }
    }

    /** {@code path} (under the root) relative to the root, with {@code /} separators; empty for the root. */
    String relative(Path path) {
        Path rel = real.relativize(path);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            String s = part.toString();
            if (s.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    /** Whether the real path of an existing {@code path} is under the root (false when it cannot be resolved). */
    boolean contains(Path path) {
        try {
            return path.toRealPath().startsWith(real);
        } catch (IOException e) {
            return false;
        }
    }

    /** 400: a name or the whole path is longer than the file system takes. */
    static ServiceOperationException tooLong(String name, String value) {
        return invalidPath(
                name,
                value,
                "is too long: a file or folder name may have at most " + MAX_NAME_BYTES
                        + " bytes (UTF-8) and the whole path, the root folder included, at most " + MAX_PATH_BYTES
                        + " bytes");
    }

    static ServiceOperationException invalidPath(String name, String value, String problem) {
        return new ServiceOperationException(
                400, "InvalidPath", "Input '" + name + "' (" + quote(value) + ") " + problem + ".");
    }

    /** The caller's path for a message: at most 200 characters, control characters replaced. */
    static String quote(String value) {
        String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        StringBuilder sb = new StringBuilder("'");
        cut.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return sb.append('\'').toString();
    }
}
