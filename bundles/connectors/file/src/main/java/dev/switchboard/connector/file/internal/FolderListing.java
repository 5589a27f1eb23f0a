package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * What a folder under the root holds: the listFiles action (glob, recursion, at most {@code max.list.entries}, links
 * shown only when their target is under the root) and the trigger's scan of one folder. Files {@code writeFile} is
 * still writing ({@link FileActions#TEMP_PREFIX}) are never listed.
 */
final class FolderListing {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Limits limits;

    FolderListing(Limits limits) {
        this.limits = limits;
    }

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
                            if (name.startsWith(FileActions.TEMP_PREFIX)) {
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
            throw FileFailures.ioFailure("list", "folder", folderInput, e);
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

    /** For the trigger: the entries of one folder (not recursive) that are regular files, not links. */
    static List<Path> regularFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(folder)) {
            for (Path p : stream) {
                if (!p.getFileName().toString().startsWith(FileActions.TEMP_PREFIX)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        }
        return files;
    }
}
