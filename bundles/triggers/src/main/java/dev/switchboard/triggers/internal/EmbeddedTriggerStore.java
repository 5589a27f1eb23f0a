package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * no parsing and no encoding; the attempts of a batch that failed are kept beside it ({@code tries}). Stores written before that (a batch as
 * {@code {"events": [...], "attempts": ..}}) are converted when opened.
 */
final class EmbeddedTriggerStore implements TriggerStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MVStore store;
    private volatile boolean sync;
    private final MVMap<String, String> subscriptions;
    private final MVMap<String, Object> pending;
    private final MVMap<String, String> tries;
    private final MVMap<String, String> dead;
    private final MVMap<String, String> meta;
    private final PendingUsage usage = new PendingUsage();
    private volatile StoreLimits limits;

    EmbeddedTriggerStore(Path file, boolean sync) throws java.io.IOException {
        this(file, sync, StoreLimits.UNBOUNDED);
    }

    EmbeddedTriggerStore(Path file, boolean sync, StoreLimits limits) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.sync = sync;
        this.limits = limits;
        this.subscriptions = store.openMap("subscriptions");
        this.pending = store.openMap("pending");
        this.tries = store.openMap("tries");
        this.dead = store.openMap("dead");
        this.meta = store.openMap("meta");
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
            JsonNode node = read((String) pending.get(key));
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
    public synchronized Map<String, SubscriptionRecord> subscriptions() {
        Map<String, SubscriptionRecord> all = new LinkedHashMap<>();
        subscriptions.forEach((id, json) -> all.put(id, SubscriptionRecord.fromJson(read(json))));
        return all;
    }

    @Override
    public synchronized void saveSubscription(SubscriptionRecord record, String firstCheckpoint) {
        String id = record.id();
        subscriptions.put(id, record.toJson().toString());
        if (firstCheckpoint != null && resumePosition(id) == null) {
            meta.put(id + "/checkpoint", firstCheckpoint);
        }
        commit();
    }

    @Override
    public synchronized void deleteSubscription(String id) {
        subscriptions.remove(id);
        usage.forget(id);
        for (MVMap<String, ?> map : List.of(pending, tries, dead, meta)) {
            for (String key : keys(map, id)) {
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
            pending.put(key(id, sequence), eventsJson);
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
        String key = pending.ceilingKey(id + "/");
        if (key == null || !key.startsWith(id + "/")) {
            return null;
        }
        String tried = tries.get(key);
        if (tried == null) {
            return new Batch(sequenceOf(key), (byte[]) pending.get(key), 0, 0, null);
        }
        JsonNode node = read(tried);
        return new Batch(
                sequenceOf(key),
                (byte[]) pending.get(key),
                node.path("attempts").asInt(),
                node.path("nextAttemptAt").asLong(),
                node.path("lastError").asText(null));
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
                keys(dead, id).size());
    }

    /** Removes a pending batch; returns its events, {@code null} when it was not pending. */
    private byte[] release(String id, long sequence) {
        String key = key(id, sequence);
        byte[] events = (byte[]) pending.remove(key);
        tries.remove(key);
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
            advanceCheckpoint(id);
            commit(false);
        }
    }

    @Override
    public synchronized void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error) {
        String key = key(id, sequence);
        if (!pending.containsKey(key)) {
            return;
        }
        ObjectNode node = MAPPER.createObjectNode();
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
        ObjectNode node = MAPPER.createObjectNode();
        node.set("events", read(new String(events, StandardCharsets.UTF_8)));
        node.put("attempts", attempts);
        node.put("lastError", error);
        node.put("deadLetteredAt", System.currentTimeMillis());
        meta.put(id + "/deadLettered", Long.toString(deadLetteredCount(id) + 1));
        dead.put(key(id, sequence), node.toString());
        List<String> kept = keys(dead, id);
        for (int i = 0; i < kept.size() - limits.deadLettersKept(); i++) {
            dead.remove(kept.get(i));
        }
        meta.put(id + "/lastError", error);
        advanceCheckpoint(id);
        commit();
    }

    @Override
    public synchronized ArrayNode deadLetters(String id) {
        ArrayNode list = MAPPER.createArrayNode();
        for (String key : keys(dead, id)) {
            ObjectNode node = (ObjectNode) read(dead.get(key));
            ObjectNode entry = list.addObject();
            entry.put("sequence", sequenceOf(key));
            entry.set("attempts", node.get("attempts"));
            entry.set("lastError", node.get("lastError"));
            entry.set("deadLetteredAt", node.get("deadLetteredAt"));
            entry.set("events", node.get("events"));
        }
        return list;
    }

    @Override
    public synchronized long deadCount(String id) {
        return deadLetteredCount(id);
    }

    private long deadLetteredCount(String id) {
        // stores written before the counter existed kept every dead letter
        return Math.max(counter(id, "deadLettered"), keys(dead, id).size());
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
        return meta.get(id + "/checkpoint");
    }

    @Override
    public synchronized String resumePosition(String id) {
        ArrayNode staged = staged(id);
        return staged.isEmpty()
                ? checkpoint(id)
                : staged.get(staged.size() - 1).path("value").asText(null);
    }

    @Override
    public synchronized void stageCheckpoint(String id, String value) {
        if (!subscriptions.containsKey(id)) {
            return;
        }
        ArrayNode staged = staged(id);
        staged.addObject().put("sequence", counter(id, "nextSequence")).put("value", value);
        meta.put(id + "/staged", staged.toString());
        advanceCheckpoint(id);
        commit(false);
    }

    /** The sequence number of the oldest pending batch ({@link Long#MAX_VALUE} when none), without reading it. */
    private long firstPendingSequence(String id) {
        String key = pending.ceilingKey(id + "/");
        return key == null || !key.startsWith(id + "/") ? Long.MAX_VALUE : sequenceOf(key);
    }

    private void advanceCheckpoint(String id) {
        long firstPending = firstPendingSequence(id);
        ArrayNode staged = staged(id);
        String committed = null;
        int done = 0;
        for (JsonNode entry : staged) {
            if (entry.path("sequence").asLong() >= firstPending) {
                break;
            }
            committed = entry.path("value").asText(null);
            done++;
        }
        if (done > 0) {
            ArrayNode rest = MAPPER.createArrayNode();
            for (int i = done; i < staged.size(); i++) {
                rest.add(staged.get(i));
            }
            meta.put(id + "/staged", rest.toString());
            if (committed == null) {
                meta.remove(id + "/checkpoint");
            } else {
                meta.put(id + "/checkpoint", committed);
            }
        }
    }

    private ArrayNode staged(String id) {
        String json = meta.get(id + "/staged");
        return json == null ? MAPPER.createArrayNode() : (ArrayNode) read(json);
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

    private static List<String> keys(MVMap<String, ?> map, String id) {
        List<String> keys = new ArrayList<>();
        String prefix = id + "/";
        for (String key = map.ceilingKey(prefix); key != null && key.startsWith(prefix); key = map.higherKey(key)) {
            keys.add(key);
        }
        return keys;
    }

    private static String key(String id, long sequence) {
        return id + "/" + String.format("%019d", sequence);
    }

    private static long sequenceOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt entry in the trigger store", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
