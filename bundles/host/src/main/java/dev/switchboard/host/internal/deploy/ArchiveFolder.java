package dev.switchboard.host.internal.deploy;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The kept contents of deploy-folder files: {@code <root>/<file name>/<timestamp>-<version>.jar}. The timestamp
 * (UTC, fixed width) makes name order the order in which the contents were installed. Not thread-safe: the caller
 * serialises access.
 */
final class ArchiveFolder {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = "20260101T000000.000Z".length();

    private final Path root;
    private final int keep;

    ArchiveFolder(Path root, int keep) {
        this.root = root;
        this.keep = Math.max(1, keep);
    }

    Path root() {
        return root;
    }

    Path folderOf(String fileName) {
        return root.resolve(fileName);
    }

    /** The kept contents of {@code fileName}, newest first. */
    List<Path> entries(String fileName) throws IOException {
        Path folder = folderOf(fileName);
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path entry : stream) {
                if (!entry.getFileName().toString().startsWith(".") && Files.isRegularFile(entry)) {
                    entries.add(entry);
                }
            }
        }
        entries.sort(
                Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return entries;
    }

    /** Copies {@code file} to a hidden staging file in its archive folder, so it can be checked before keeping it. */
    Path stage(Path file) throws IOException {
        Path folder = Files.createDirectories(folderOf(file.getFileName().toString()));
        Path staged = Files.createTempFile(folder, ".incoming-", ".tmp");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        return staged;
    }

    /**
     * Keeps a staged content as the newest of {@code fileName}, unless it is the same as the newest already kept,
     * and deletes what exceeds the number to keep.
     *
     * @return the kept entry, {@code null} when it was the same as the newest (the staged file is deleted either way)
     */
    Path keep(String fileName, Path staged, String version, Instant now) throws IOException {
        List<Path> entries = entries(fileName);
        if (!entries.isEmpty() && sameContent(entries.get(0), staged)) {
            Files.deleteIfExists(staged);
            return null;
        }
        Instant stamp = entries.isEmpty() ? now : later(now, entries.get(0));
        Path entry = folderOf(fileName).resolve(STAMP.format(stamp) + "-" + safe(version) + ".jar");
        Files.move(staged, entry, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = entries(fileName);
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
        return entry;
    }

    /** The newest kept content that differs from {@code current}'s, {@code null} when there is none. */
    Path previous(String fileName, Path current) throws IOException {
        for (Path entry : entries(fileName)) {
            if (!sameContent(entry, current)) {
                return entry;
            }
        }
        return null;
    }

    /** Deletes the entries newer than {@code entry}: the contents a rollback to {@code entry} rolled away from. */
    List<Path> discardNewerThan(String fileName, Path entry) throws IOException {
        List<Path> discarded = new ArrayList<>();
        String name = entry.getFileName().toString();
        for (Path newer : entries(fileName)) {
            if (newer.getFileName().toString().compareTo(name) > 0) {
                Files.deleteIfExists(newer);
                discarded.add(newer);
            }
        }
        return discarded;
    }

    static boolean sameContent(Path a, Path b) throws IOException {
        return Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    }

    /** {@code now}, or just after the newest entry when the clock is behind it, so name order stays install order. */
    private static Instant later(Instant now, Path newest) {
        String name = newest.getFileName().toString();
        if (name.length() < STAMP_LENGTH) {
            return now;
        }
        try {
            Instant last = STAMP.parse(name.substring(0, STAMP_LENGTH), Instant::from);
            Instant millis = now.truncatedTo(ChronoUnit.MILLIS);
            return millis.isAfter(last) ? millis : last.plusMillis(1);
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private static String safe(String version) {
        return version.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
