package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deploy folder as this node sees it, by size and modification time: a file new or changed since the previous
 * scan and modified moments ago is {@link Local#CHANGING} until a scan finds it unchanged, and only then is its
 * checksum computed, so a file still being written is not taken for a whole one. Files FileInstall skips (its {@code felix.fileinstall.filter}
 * {@code [^.].*}: dot-files, such as every temporary file the host and this bundle write) and usual temporary names
 * ({@code .tmp}, {@code .part}, {@code .swp}, {@code ~}) are not part of it, nor are folders. A file over the size
 * limit is refused with one ERROR per version of it.
 */
final class FolderScan {

    /** What this node's folder holds under one name. */
    record Local(String checksum, boolean changing) {
        static final Local ABSENT = new Local(null, false);
        static final Local CHANGING = new Local(null, true);

        static Local stable(String checksum) {
            return new Local(checksum, false);
        }
    }

    private record Seen(long size, FileTime modified, String checksum, boolean refused) {}

    private static final Logger LOG = LoggerFactory.getLogger(FolderScan.class);

    private final Path folder;
    private final long maxBytes;
    private final long quietMillis;
    private final Map<String, Seen> seen = new HashMap<>();

    /**
     * @param quietMillis a new or changed file untouched for this long is taken as whole at once, without waiting for
     *                    the next scan (files moved in whole, as the host and the console write them, travel sooner)
     */
    FolderScan(Path folder, long maxBytes, long quietMillis) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.quietMillis = quietMillis;
    }

    Path folder() {
        return folder;
    }

    /** Whether a file of this name travels: a plain name FileInstall reads, not a temporary file. */
    static boolean replicable(String name) {
        if (name == null
                || name.isEmpty()
                || name.startsWith(".")
                || name.contains("/")
                || name.contains("\\")
                || name.indexOf('\0') >= 0) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return !(lower.endsWith(".tmp") || lower.endsWith(".part") || lower.endsWith(".swp") || lower.endsWith("~"));
    }

    /** Lists the folder and updates what is known of each file. */
    void scan() throws IOException {
        Map<String, BasicFileAttributes> now = list();
        seen.keySet().retainAll(now.keySet());
        for (Map.Entry<String, BasicFileAttributes> entry : now.entrySet()) {
            String name = entry.getKey();
            BasicFileAttributes attributes = entry.getValue();
            Seen before = seen.get(name);
            Seen current = new Seen(attributes.size(), attributes.lastModifiedTime(), null, false);
            boolean changed = before == null
                    || before.size() != attributes.size()
                    || !before.modified().equals(attributes.lastModifiedTime());
            if (changed
                    && System.currentTimeMillis()
                                    - attributes.lastModifiedTime().toMillis()
                            < quietMillis) {
                seen.put(name, current); // written moments ago: looked at again next scan
            } else if (changed || (before.checksum() == null && !before.refused())) {
                seen.put(name, settle(name, current));
            }
        }
    }

    private Seen settle(String name, Seen unchanged) throws IOException {
        if (unchanged.size() > maxBytes) {
            LOG.error(
                    "Deploy folder: {} is not replicated to the other nodes: it is {} bytes, over the limit of {} "
                            + "bytes (max.file.bytes of dev.switchboard.cluster.replication)",
                    name,
                    unchanged.size(),
                    maxBytes);
            return new Seen(unchanged.size(), unchanged.modified(), null, true);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(folder.resolve(name));
        } catch (NoSuchFileException e) {
            return new Seen(-1, unchanged.modified(), null, false); // gone: the next scan drops it
        }
        if (bytes.length != unchanged.size()) {
            return new Seen(bytes.length, unchanged.modified(), null, false); // still being written
        }
        return new Seen(unchanged.size(), unchanged.modified(), Checksums.of(bytes), false);
    }

    /** What the folder holds under {@code name} as of the last scan (a file not scanned yet is changing). */
    Local local(String name) {
        Seen file = seen.get(name);
        if (file == null) {
            return Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS) ? Local.CHANGING : Local.ABSENT;
        }
        return file.checksum() == null ? Local.CHANGING : Local.stable(file.checksum());
    }

    /** Whether a file was seen changing (not whole yet, as far as this scan can tell). */
    boolean unsettled() {
        for (Seen file : seen.values()) {
            if (file.checksum() == null && !file.refused()) {
                return true;
            }
        }
        return false;
    }

    /** The files whose content is known (unchanged over two scans), by name. */
    Map<String, String> stable() {
        Map<String, String> stable = new TreeMap<>();
        seen.forEach((name, file) -> {
            if (file.checksum() != null) {
                stable.put(name, file.checksum());
            }
        });
        return stable;
    }

    /** Every file name of the folder as of the last scan, settled or not. */
    Set<String> names() {
        return new HashSet<>(seen.keySet());
    }

    /** The content of {@code name} now, {@code null} when it no longer has {@code checksum}. */
    byte[] read(String name, String checksum) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(folder.resolve(name));
        } catch (NoSuchFileException e) {
            seen.remove(name);
            return null;
        }
        if (!Checksums.of(bytes).equals(checksum)) {
            seen.remove(name); // changed since it was scanned: seen afresh
            return null;
        }
        return bytes;
    }

    /** Records a file this node has just written, so the next scan does not take it for a local change. */
    void written(String name, String checksum) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(folder.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        seen.put(name, new Seen(attributes.size(), attributes.lastModifiedTime(), checksum, false));
    }

    void deleted(String name) {
        seen.remove(name);
    }

    private Map<String, BasicFileAttributes> list() throws IOException {
        Map<String, BasicFileAttributes> files = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path file : stream) {
                Path fileName = file.getFileName();
                if (fileName == null || !replicable(fileName.toString())) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files.put(fileName.toString(), attributes);
                    }
                } catch (NoSuchFileException e) {
                    // gone meanwhile
                }
            }
        }
        return files;
    }
}
