package dev.switchboard.cluster.internal.replication;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The checksum of each file as it was when this node and the cluster last agreed on it: the base of the three-way
 * comparison (local, cluster, last synced) that tells a local change from a remote one, so that what the cluster
 * wrote here is never sent back and a change made while the node was down is recognised as local. Kept in a
 * properties file ({@code data/cluster/deployments.synced}) written whole and moved into place; {@code null} file:
 * kept in memory only.
 */
final class SyncedChecksums {

    private final Path file;
    private final Map<String, String> checksums = new HashMap<>();
    private boolean dirty;

    private SyncedChecksums(Path file) {
        this.file = file;
    }

    /** What {@code file} holds; empty when there is none (or {@code file} is {@code null}). */
    static SyncedChecksums load(Path file) throws IOException {
        SyncedChecksums synced = new SyncedChecksums(file);
        if (file != null && Files.isRegularFile(file)) {
            Properties stored = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            }
            for (String name : stored.stringPropertyNames()) {
                synced.checksums.put(name, stored.getProperty(name));
            }
        }
        return synced;
    }

    String get(String name) {
        return checksums.get(name);
    }

    Set<String> names() {
        return Set.copyOf(checksums.keySet());
    }

    int size() {
        return checksums.size();
    }

    /** Records {@code checksum} ({@code null}: the file is gone on both sides). */
    void set(String name, String checksum) {
        String before = checksum == null ? checksums.remove(name) : checksums.put(name, checksum);
        if (before == null ? checksum != null : !before.equals(checksum)) {
            dirty = true;
        }
    }

    /** Writes the file when something changed since the last save. */
    void save() throws IOException {
        if (!dirty || file == null) {
            dirty = false;
            return;
        }
        Properties stored = new Properties();
        stored.putAll(checksums);
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Path staged = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(staged, StandardCharsets.UTF_8)) {
            stored.store(out, "Deploy-folder files as last agreed with the cluster (name = SHA-256)");
        }
        try {
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
        }
        dirty = false;
    }
}
