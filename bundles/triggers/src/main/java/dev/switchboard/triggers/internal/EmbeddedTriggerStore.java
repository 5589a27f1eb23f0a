package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import dev.switchboard.triggers.api.Backlog;

/**
 * The {@link TriggerStore} of a single host: one H2 MVStore file in the host's home. Every change is committed to the
 * file before the method returns.
 * <p>
 * A pending batch is kept as the UTF-8 JSON of its events, exactly as appended, so that storing and delivering it costs
 * no parsing and no encoding; the attempts of a batch that failed are kept beside it ({@code tries}), and so is the
 * time it was appended ({@code emittedAt}). Stores written before that (a batch as
 * {@code {"events": [...], "attempts": ..}}) are converted when opened. Checkpoints are kept by
 * {@link EmbeddedCheckpoints}, dead letters by {@link EmbeddedDeadLetters}.
 */
final class EmbeddedTriggerStore implements TriggerStore {

    /** The file's name in the host's trigger folder. */
    static final String FILE = "triggers.mv.db";

    private final Path folder;
    private final String fileName;
    private final MVStore store;
    private volatile boolean sync;
    private final MVMap<String, String> subscriptions;
    private final MVMap<String, Object> pending;
    private final MVMap<String, String> tries;
    private final MVMap<String, Long> emittedAt;
    private final MVMap<String, String> dead;
    private final MVMap<String, String> meta;
    private final EmbeddedCheckpoints checkpoints;
    private final EmbeddedDeadLetters deadLetters;
    private final PendingUsage usage = new PendingUsage();
    private volatile StoreLimits limits;

    EmbeddedTriggerStore(Path file, boolean sync) throws IOException {
        this(file, sync, StoreLimits.UNBOUNDED);
    }

    EmbeddedTriggerStore(Path file, boolean sync, StoreLimits limits) throws IOException {
        Path absolute = file.toAbsolutePath();
        this.folder = absolute.getParent();
        this.fileName = String.valueOf(absolute.getFileName());
        if (folder != null) {
            Files.createDirectories(folder);
        }
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.sync = sync;
        this.limits = limits;
        this.subscriptions = store.openMap("subscriptions");
        this.pending = store.openMap("pending");
        this.tries = store.openMap("tries");
        this.emittedAt = store.openMap("emittedAt");
        this.dead = store.openMap("dead");
        this.meta = store.openMap("meta");
        this.checkpoints = new EmbeddedCheckpoints(meta);
        this.deadLetters = new EmbeddedDeadLetters(dead);
        convertOldBatches();
        pending.forEach((key, events) -> usage.added(key.substring(0, key.lastIndexOf('/')), ((byte[]) events).length));
    }

    /** Batches stored as {@code {"events": [...], "attempts": ..}} by earlier versions: events and tries apart. */
    private void convertOldBatches() {
        List<String> old = new ArrayList<>();
        pending.forEach((key, value) -> {
            if (value instanceof String) {
                old.add(key);
            }
        });
        for (String key : old) {
            JsonNode node = MvKeys.read((String) pending.get(key));
            pending.put(
                    key,
                    (node.isArray() ? node : node.path("events")).toString().getBytes(StandardCharsets.UTF_8));
            if (node.path("attempts").asInt() > 0) {
                ((ObjectNode) node).remove("events");
                tries.put(key, node.toString());
            }
        }
        if (!old.isEmpty()) {
            commit();
        }
    }

    @Override
    public void limits(StoreLimits limits) {
        this.limits = limits;
    }

    @Override
    public StoreLimits limits() {
        return limits;
    }

    @Override
    public void sync(boolean sync) {
        this.sync = sync;
    }

    @Override
    public String problem() {
        return folder == null ? null : StoreFolderProbe.probe(folder, fileName);
    }

    @Override
    public String location() {
        return String.valueOf(folder);
    }

    @Override
    public synchronized Map<String, SubscriptionRecord> subscriptions() {
        Map<String, SubscriptionRecord> all = new LinkedHashMap<>();
        subscriptions.forEach((id, json) -> all.put(id, SubscriptionRecord.fromJson(MvKeys.read(json))));
        return all;
    }

    @Override
    public synchronized void saveSubscription(SubscriptionRecord record, String firstCheckpoint) {
        subscriptions.put(record.id(), record.toJson().toString());
        checkpoints.first(record.id(), firstCheckpoint);
        commit();
    }

    @Override
    public synchronized void deleteSubscription(String id) {
        subscriptions.remove(id);
        usage.forget(id);
        for (MVMap<String, ?> map : List.of(pending, tries, emittedAt, dead, meta)) {
            for (String key : MvKeys.keys(map, id)) {
                map.remove(key);
            }
        }
        commit();
    }

    @Override
    public long append(String id, byte[] eventsJson) {
        long bytes = eventsJson.length;
        long sequence;
        synchronized (this) {
            if (!subscriptions.containsKey(id)) {
                throw new IllegalStateException("subscription " + id + " was deleted");
            }
            usage.checkRoom(id, bytes, limits);
            sequence = counter(id, "nextSequence") + 1;
            String key = MvKeys.key(id, sequence);
            pending.put(key, eventsJson);
            emittedAt.put(key, System.currentTimeMillis());
            usage.added(id, bytes);
            meta.put(id + "/nextSequence", Long.toString(sequence));
            meta.put(id + "/emitted", Long.toString(counter(id, "emitted") + 1));
            store.commit();
        }
        // forced to disk before this returns, but not holding the lock: delivery reads and marks meanwhile
        if (sync) {
            store.sync();
        }
        return sequence;
    }

    @Override
    public synchronized Batch firstPending(String id) {
        String key = MvKeys.first(pending, id);
        if (key == null) {
            return null;
        }
        Long emitted = emittedAt.get(key);
        long at = emitted == null ? 0 : emitted; // stored before the time was kept
        String tried = tries.get(key);
        if (tried == null) {
            return new Batch(MvKeys.sequenceOf(key), (byte[]) pending.get(key), 0, 0, null, at);
        }
        JsonNode node = MvKeys.read(tried);
        return new Batch(
                MvKeys.sequenceOf(key),
                (byte[]) pending.get(key),
                node.path("attempts").asInt(),
                node.path("nextAttemptAt").asLong(),
                node.path("lastError").asText(null),
                at);
    }

    @Override
    public synchronized long pendingCount(String id) {
        return usage.batches(id);
    }

    @Override
    public synchronized Backlog backlog(String id) {
        StoreLimits bounds = limits;
        return new Backlog(
                usage.batches(id),
                usage.bytes(id),
                bounds.maxBatches(),
                bounds.maxBytes(),
                usage.full(id, bounds),
                usage.refused(id),
                deadLetteredCount(id),
                deadLetters.kept(id));
    }

    /** Removes a pending batch; returns its events, {@code null} when it was not pending. */
    private byte[] release(String id, long sequence) {
        String key = MvKeys.key(id, sequence);
        byte[] events = (byte[]) pending.remove(key);
        tries.remove(key);
        emittedAt.remove(key);
        if (events != null) {
            usage.released(id, events.length);
        }
        return events;
    }

    @Override
    public synchronized void delivered(String id, long sequence) {
        if (release(id, sequence) != null) {
            meta.put(id + "/delivered", Long.toString(counter(id, "delivered") + 1));
            meta.remove(id + "/lastError");
            checkpoints.advance(id, firstPendingSequence(id));
            commit(false);
        }
    }

    @Override
    public synchronized void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error) {
        String key = MvKeys.key(id, sequence);
        if (!pending.containsKey(key)) {
            return;
        }
        ObjectNode node = MvKeys.MAPPER.createObjectNode();
        node.put("attempts", attempts);
        node.put("nextAttemptAt", nextAttemptAt);
        node.put("lastError", error);
        tries.put(key, node.toString());
        meta.put(id + "/lastError", error);
        commit();
    }

    @Override
    public synchronized void deadLetter(String id, long sequence, int attempts, String error) {
        byte[] events = release(id, sequence);
        if (events == null) {
            return;
        }
        meta.put(id + "/deadLettered", Long.toString(deadLetteredCount(id) + 1));
        deadLetters.add(id, sequence, events, attempts, error, limits.deadLettersKept());
        meta.put(id + "/lastError", error);
        checkpoints.advance(id, firstPendingSequence(id));
        commit();
    }

    @Override
    public synchronized ArrayNode deadLetters(String id) {
        return deadLetters.list(id);
    }

    @Override
    public synchronized long deadCount(String id) {
        return deadLetteredCount(id);
    }

    private long deadLetteredCount(String id) {
        // stores written before the counter existed kept every dead letter
        return Math.max(counter(id, "deadLettered"), deadLetters.kept(id));
    }

    @Override
    public synchronized long emitted(String id) {
        return counter(id, "emitted");
    }

    @Override
    public synchronized long deliveredCount(String id) {
        return counter(id, "delivered");
    }

    private long counter(String id, String name) {
        String value = meta.get(id + "/" + name);
        return value == null ? 0 : Long.parseLong(value);
    }

    @Override
    public synchronized String lastError(String id) {
        return meta.get(id + "/lastError");
    }

    @Override
    public synchronized String checkpoint(String id) {
        return checkpoints.committed(id);
    }

    @Override
    public synchronized String resumePosition(String id) {
        return checkpoints.resumePosition(id);
    }

    @Override
    public synchronized void stageCheckpoint(String id, String value) {
        if (!subscriptions.containsKey(id)) {
            return;
        }
        checkpoints.stage(id, counter(id, "nextSequence"), value);
        checkpoints.advance(id, firstPendingSequence(id));
        commit(false);
    }

    /** The sequence number of the oldest pending batch ({@link Long#MAX_VALUE} when none), without reading it. */
    private long firstPendingSequence(String id) {
        String key = MvKeys.first(pending, id);
        return key == null ? Long.MAX_VALUE : MvKeys.sequenceOf(key);
    }

    private void commit() {
        commit(true);
    }

    /**
     * Commits; with {@code fsync} on, forces the file to disk too when {@code durable}. Only the marks whose loss in a
     * power failure costs a duplicate, never an event, are not forced on their own: a staged checkpoint and a batch
     * marked delivered: lost, the binding reads the same rows again or the batch is delivered again. They reach the
     * disk with the next forced commit (every stored batch is one), and a batch is forced to disk before the
     * checkpoint that skips its rows is even written.
     */
    private void commit(boolean durable) {
        store.commit();
        if (sync && durable) {
            store.sync();
        }
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
