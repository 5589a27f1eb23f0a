package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code whenFileCreated} has emitted, compactly: the newest modification time emitted (the watermark) and the
 * names emitted whose modification time is within {@link #GRACE_MS} of it. A file is new when its modification time
 * is no older than {@code watermark - GRACE_MS} and its name is not remembered. The grace window covers file systems
 * whose timestamps are coarse (FAT: 2 s) and files that become visible a little after their time was set; the names
 * keep it from emitting a file twice. This is the checkpoint, as JSON:
 * {@code {"watermark":1700000000000,"names":{"a.csv":1700000000000,"b.csv":1699999999500}}}.
 * <p>
 * Not thread-safe: one per running subscription.
 */
final class SeenFiles {

    static final long GRACE_MS = 2_000;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Newest modification time emitted; {@link Long#MIN_VALUE} when nothing was (every file is then new). */
    private long watermark = Long.MIN_VALUE;

    private final Map<String, Long> names = new TreeMap<>();

    /** A file seen in the folder: its name, modification time in ms and size. */
    record Candidate(String name, long lastModified, long size) {}

    static SeenFiles empty() {
        return new SeenFiles();
    }

    /** The state in a checkpoint; an empty state for {@code null}. */
    static SeenFiles parse(String checkpoint) throws IOException {
        SeenFiles seen = new SeenFiles();
        if (checkpoint == null || checkpoint.isBlank()) {
            return seen;
        }
        JsonNode node = MAPPER.readTree(checkpoint);
        if (!node.path("watermark").canConvertToLong()) {
            throw new IOException("not a whenFileCreated checkpoint");
        }
        seen.watermark = node.path("watermark").asLong();
        node.path("names")
                .fields()
                .forEachRemaining(e -> seen.names.put(e.getKey(), e.getValue().asLong()));
        seen.prune();
        return seen;
    }

    /** The state of a folder whose current files are all taken as seen (includeExisting false). */
    static SeenFiles of(List<Candidate> existing) {
        SeenFiles seen = new SeenFiles();
        existing.forEach(seen::mark);
        return seen;
    }

    String toCheckpoint() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("watermark", watermark);
        ObjectNode n = node.putObject("names");
        names.forEach(n::put);
        return node.toString();
    }

    boolean isNew(Candidate file) {
        if (watermark == Long.MIN_VALUE) {
            return true;
        }
        return file.lastModified() >= watermark - GRACE_MS && !names.containsKey(file.name());
    }

    /**
     * The new files among {@code listed}, oldest first (then by name), at most {@code max}: one batch. Emit them,
     * then {@link #mark} each and put {@link #toCheckpoint()}.
     */
    List<Candidate> newFiles(List<Candidate> listed, int max) {
        List<Candidate> fresh = new ArrayList<>();
        for (Candidate c : listed) {
            if (isNew(c)) {
                fresh.add(c);
            }
        }
        fresh.sort(Comparator.comparingLong(Candidate::lastModified).thenComparing(Candidate::name));
        return fresh.size() > max ? List.copyOf(fresh.subList(0, max)) : fresh;
    }

    /** Records a file as emitted (or as existing). */
    void mark(Candidate file) {
        names.put(file.name(), file.lastModified());
        if (file.lastModified() > watermark) {
            watermark = file.lastModified();
        }
        prune();
    }

    private void prune() {
        if (watermark == Long.MIN_VALUE) {
            return;
        }
        long cutoff = watermark - GRACE_MS;
        for (Iterator<Long> it = names.values().iterator(); it.hasNext(); ) {
            if (it.next() < cutoff) {
                it.remove();
            }
        }
    }

    long watermark() {
        return watermark;
    }

    Map<String, Long> names() {
        return Map.copyOf(names);
    }
}
