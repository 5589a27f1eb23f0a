package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * The four actions. Every path goes through {@link FileRoot#resolve}; failures are {@link ServiceOperationException}s
 * whose messages name the input and the caller's relative path, never the root folder or file content.
 */
final class FileActions {

    /** Files {@code writeFile} writes before moving them into place; never listed nor fired for. */
    static final String TEMP_PREFIX = ".switchboard-write-";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Limits limits;

    FileActions(Limits limits) {
        this.limits = limits;
    }

    /* ---- listFiles ------------------------------------------------------------------------------------------ */

    JsonNode listFiles(FileRoot root, JsonNode in) {
        String folderInput = in.path("folder").asText("");
        Path folder = root.resolve("folder", folderInput, true);
        PathMatcher matcher = matcher("pattern", in.path("pattern").asText(null));
        boolean recursive = in.path("recursive").asBoolean(false);
        if (!Files.exists(folder)) {
            throw new ServiceOperationException(
                    404, "FolderNotFound", "Input 'folder' (" + FileRoot.quote(folderInput) + ") does not exist.");
        }
        if (!Files.isDirectory(folder)) {
            throw new ServiceOperationException(
                    400, "NotAFolder", "Input 'folder' (" + FileRoot.quote(folderInput) + ") is not a folder.");
        }
        ArrayNode entries = JSON.arrayNode();
        boolean[] truncated = {false};
        try {
            Files.walkFileTree(
                    folder,
                    EnumSet.noneOf(FileVisitOption.class),
                    recursive ? Integer.MAX_VALUE : 1,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            if (dir.equals(folder)) {
                                return FileVisitResult.CONTINUE;
                            }
                            return add(dir, attrs) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            return add(file, attrs) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE; // vanished or unreadable: not listed
                        }

                        private boolean add(Path path, BasicFileAttributes attrs) {
                            String name = path.getFileName().toString();
                            if (name.startsWith(TEMP_PREFIX)) {
                                return true;
                            }
                            BasicFileAttributes shown = attrs;
                            if (attrs.isSymbolicLink()) {
                                // listed with its target's attributes only when the target is under the root
                                if (!root.contains(path)) {
                                    return true;
                                }
                                try {
                                    shown = Files.readAttributes(path, BasicFileAttributes.class);
                                } catch (IOException e) {
                                    return true;
                                }
                            }
                            if (matcher != null && !matcher.matches(path.getFileName())) {
                                return true;
                            }
                            if (entries.size() >= limits.maxListEntries()) {
                                truncated[0] = true;
                                return false;
                            }
                            entries.add(entry(root, path, shown));
                            return true;
                        }
                    });
        } catch (IOException e) {
            throw ioFailure("list", "folder", folderInput, e);
        }
        ObjectNode out = JSON.objectNode();
        out.set("entries", entries);
        out.put("truncated", truncated[0]);
        return out;
    }

    static ObjectNode entry(FileRoot root, Path path, BasicFileAttributes attrs) {
        ObjectNode e = JSON.objectNode();
        e.put("path", root.relative(path));
        e.put("size", attrs.isDirectory() ? 0 : attrs.size());
        e.put("lastModified", attrs.lastModifiedTime().toInstant().toString());
        e.put("directory", attrs.isDirectory());
        return e;
    }

    /** A glob matched against a name, or {@code null} when none is given (400 naming the input when invalid). */
    static PathMatcher matcher(String name, String glob) {
        if (glob == null || glob.isEmpty()) {
            return null;
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) { // PatternSyntaxException included
            throw new ServiceOperationException(
                    400, "InvalidPattern", "Input '" + name + "' (" + FileRoot.quote(glob) + ") is not a valid glob.");
        }
    }

    /* ---- readFile ------------------------------------------------------------------------------------------- */

    JsonNode readFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        boolean base64 = "base64".equals(in.path("encoding").asText("text"));
        BasicFileAttributes attrs = existingFile(input, file);
        refuseHardLinks(input, file);
        if (attrs.size() > limits.maxReadBytes()) {
            throw tooLarge(input, attrs.size());
        }
        byte[] bytes;
        try (InputStream stream = Files.newInputStream(file)) {
            bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxReadBytes() + 1));
        } catch (IOException e) {
            throw ioFailure("read", "path", input, e);
        }
        if (bytes.length > limits.maxReadBytes()) {
            throw tooLarge(input, bytes.length); // it grew while being read
        }
        String content;
        if (base64) {
            content = Base64.getEncoder().encodeToString(bytes);
        } else {
            try {
                content = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ServiceOperationException(
                        422,
                        "NotText",
                        "Input 'path' (" + FileRoot.quote(input)
                                + ") is not UTF-8 text; read it with encoding base64.");
            }
        }
        ObjectNode out = JSON.objectNode();
        out.put("path", root.relative(file));
        out.put("size", bytes.length);
        out.put("lastModified", attrs.lastModifiedTime().toInstant().toString());
        out.put("content", content);
        out.put("encoding", base64 ? "base64" : "text");
        return out;
    }

    private ServiceOperationException tooLarge(String input, long size) {
        return new ServiceOperationException(
                413,
                "FileTooLarge",
                "Input 'path' (" + FileRoot.quote(input) + ") is " + size + " bytes, more than the "
                        + limits.maxReadBytes() + " bytes readFile may return.");
    }

    private static BasicFileAttributes existingFile(String input, Path file) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw notFound(input);
        } catch (IOException e) {
            throw ioFailure("read", "path", input, e);
        }
        if (!attrs.isRegularFile()) {
            throw new ServiceOperationException(
                    400, "NotAFile", "Input 'path' (" + FileRoot.quote(input) + ") is not a file.");
        }
        return attrs;
    }

    /**
     * A regular file with more than one hard link may be a file outside the root that someone linked into it (a link
     * count is all that tells them apart): refused unless {@code allow.hard.links}. File systems without the
     * {@code unix} attribute view (Windows) are not checked. Checked just before use, like symbolic links.
     */
    private void refuseHardLinks(String input, Path file) {
        if (limits.allowHardLinks()) {
            return;
        }
        int links;
        try {
            links = ((Number) Files.getAttribute(file, "unix:nlink")).intValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return;
        } catch (NoSuchFileException e) {
            throw notFound(input);
        } catch (IOException e) {
            throw ioFailure("read", "path", input, e);
        }
        if (links > 1) {
            throw new ServiceOperationException(
                    400,
                    "HardLinkRefused",
                    "Input 'path' (" + FileRoot.quote(input)
                            + ") is a file with " + links
                            + " hard links; another of them may be outside the root folder, "
                            + "so it is neither read nor written. Copy the file instead of linking it, or set "
                            + "allow.hard.links of PID " + FileConnector.PID
                            + " to true if no one else writes under the "
                            + "root folder.");
        }
    }

    private static ServiceOperationException notFound(String input) {
        return new ServiceOperationException(
                404, "FileNotFound", "Input 'path' (" + FileRoot.quote(input) + ") does not exist.");
    }

    /* ---- writeFile ------------------------------------------------------------------------------------------ */

    JsonNode writeFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        boolean overwrite = in.path("overwrite").asBoolean(false);
        byte[] bytes = content(in);
        if (bytes.length > limits.maxWriteBytes()) {
            throw new ServiceOperationException(
                    413,
                    "ContentTooLarge",
                    "Input 'content' is " + bytes.length + " bytes, more than the " + limits.maxWriteBytes()
                            + " bytes writeFile accepts.");
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (existed && !overwrite) {
            throw exists(input);
        }
        if (Files.isDirectory(file)) {
            throw new ServiceOperationException(
                    409, "IsAFolder", "Input 'path' (" + FileRoot.quote(input) + ") is a folder.");
        }
        if (existed && Files.isRegularFile(file)) {
            refuseHardLinks(input, file);
        }
        Path parent = file.getParent();
        Path temp = null;
        try {
            try {
                Files.createDirectories(parent);
            } catch (FileAlreadyExistsException e) {
                throw new ServiceOperationException(
                        409, "NotAFolder", "A parent of input 'path' (" + FileRoot.quote(input) + ") is a file.");
            }
            temp = parent.resolve(TEMP_PREFIX + UUID.randomUUID() + ".tmp");
            try (OutputStream out =
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(bytes);
            }
            if (overwrite) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                try {
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException e) {
                    throw exists(input); // it appeared meanwhile
                }
            }
            temp = null;
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            ObjectNode out = JSON.objectNode();
            out.put("path", root.relative(file));
            out.put("size", attrs.size());
            out.put("lastModified", attrs.lastModifiedTime().toInstant().toString());
            out.put("created", !existed);
            return out;
        } catch (IOException e) {
            throw ioFailure("write", "path", input, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort; the name is never listed
                }
            }
        }
    }

    private static ServiceOperationException exists(String input) {
        return new ServiceOperationException(
                409,
                "FileExists",
                "Input 'path' (" + FileRoot.quote(input) + ") already exists; set overwrite to true to replace it.");
    }

    private static byte[] content(JsonNode in) {
        String content = in.path("content").asText("");
        if ("base64".equals(in.path("encoding").asText("text"))) {
            try {
                return Base64.getDecoder().decode(content.replaceAll("\\s+", "")); // line breaks allowed, nothing else
            } catch (IllegalArgumentException e) {
                throw new ServiceOperationException(
                        400, "InvalidContent", "Input 'content' is not valid base64 (encoding is base64).");
            }
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }

    /* ---- deleteFile ----------------------------------------------------------------------------------------- */

    JsonNode deleteFile(FileRoot root, JsonNode in) {
        String input = in.path("path").asText();
        Path file = root.resolve("path", input, false);
        try {
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw notFound(input);
        } catch (DirectoryNotEmptyException e) {
            throw new ServiceOperationException(
                    409,
                    "FolderNotEmpty",
                    "Input 'path' (" + FileRoot.quote(input) + ") is a folder that is not empty.");
        } catch (IOException e) {
            throw ioFailure("delete", "path", input, e);
        }
        ObjectNode out = JSON.objectNode();
        out.put("path", root.relative(file));
        out.put("deleted", true);
        return out;
    }

    /* ---- failures ------------------------------------------------------------------------------------------- */

    /** An I/O failure: the kind of exception only (its message would carry the absolute path). */
    static ServiceOperationException ioFailure(String verb, String name, String input, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new ServiceOperationException(
                    403,
                    "AccessDenied",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input) + "): access denied.");
        }
        if (e instanceof FileSystemException failure
                && failure.getReason() != null
                && failure.getReason().toLowerCase(Locale.ROOT).contains("name too long")) {
            // ENAMETOOLONG from a file system whose limits are below the ones FileRoot checks
            return new ServiceOperationException(
                    400,
                    "InvalidPath",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input)
                            + "): the path is too long for the file system.");
        }
        if (e instanceof NotDirectoryException) {
            return new ServiceOperationException(
                    400,
                    "NotAFolder",
                    "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input)
                            + "): a part of the path is not a folder.");
        }
        return new ServiceOperationException(
                500,
                "FileSystemError",
                "Could not " + verb + " input '" + name + "' (" + FileRoot.quote(input) + "): "
                        + e.getClass().getSimpleName() + ".");
    }

    /** For the trigger: the entries of one folder (not recursive) that are regular files, not links. */
    static List<Path> regularFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(folder)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(TEMP_PREFIX)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        }
        return files;
    }
}
