package dev.switchboard.triggers.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import dev.switchboard.triggers.api.Backlog;

/**
 * The durable state of every subscription in one H2 MVStore file: the subscriptions themselves, the event batches
 * stored and not yet delivered, the dead-lettered ones, counters and checkpoints. Every change is committed to the file
 * before the method returns, so what a method reported as stored survives the process being killed.
 * <p>
 * Checkpoints are staged: {@link #stageCheckpoint} remembers the value with the sequence number of the last batch
 * stored so far, and the value becomes the committed checkpoint once no batch up to that number is pending any more.
 * <p>
 * Each subscription's share is bounded ({@link StoreLimits}): {@link #append} refuses a batch with
 * {@link StoreFullException} once the subscription holds {@code maxBatches} batches or the batch would take it over
 * {@code maxBytes} (unless nothing is pending: a single batch larger than the byte bound is not stuck for ever), and
 * only the newest {@code deadLettersKept} dead letters are kept. What is pending is counted in memory (recounted from
 * the file at open), so checking the bounds costs no scan.
 */
final class TriggerStore implements AutoCloseable {

    /** A stored batch waiting for delivery. */
    record Batch(long sequence, ArrayNode events, int attempts, long nextAttemptAt, String lastError) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(TriggerStore.class);

    /** What one subscription holds; guarded by the store's lock. */
    private static final class Usage {
        long batches;
        long bytes;
        long refused;
        boolean full;
    }

    private final MVStore store;
    private volatile boolean sync;
    private final MVMap<String, String> subscriptions;
    private final MVMap<String, String> pending;
    private final MVMap<String, String> dead;
    private final MVMap<String, String> meta;
    private final Map<String, Usage> usage = new HashMap<>();
    private volatile StoreLimits limits;

    TriggerStore(Path file, boolean sync) throws java.io.IOException {
        this(file, sync, StoreLimits.UNBOUNDED);
    }

    TriggerStore(Path file, boolean sync, StoreLimits limits) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.sync = sync;
        this.limits = limits;
        this.subscriptions = store.openMap("subscriptions");
        this.pending = store.openMap("pending");
        this.dead = store.openMap("dead");
        this.meta = store.openMap("meta");
        pending.forEach((key, json) -> {
            Usage u = usageOf(key.substring(0, key.lastIndexOf('/')));
            u.batches++;
            u.bytes += utf8Length(json);
        });
    }

    /** New bounds, in force from the next append (what is stored beyond them stays until delivered). */
    void limits(StoreLimits limits) {
        this.limits = limits;
    }

    StoreLimits limits() {
        return limits;
    }

    /** Whether every commit is also forced to disk (from the next commit on). */
    void sync(boolean sync) {
        this.sync = sync;
    }

    synchronized Map<String, ObjectNode> subscriptions() {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        subscriptions.forEach((id, json) -> all.put(id, (ObjectNode) read(json)));
        return all;
    }

    synchronized void saveSubscription(String id, ObjectNode record) {
        saveSubscription(id, record, null);
    }

    /**
     * Stores a subscription together with its first checkpoint (where it starts), in one commit: once this returns,
     * a restart resumes from there. {@code firstCheckpoint} is ignored when it is {@code null} or when the
     * subscription already has a position (staged or committed): a start is never moved.
     */
    synchronized void saveSubscription(String id, ObjectNode record, String firstCheckpoint) {
        subscriptions.put(id, record.toString());
        if (firstCheckpoint != null && resumePosition(id) == null) {
            meta.put(id + "/checkpoint", firstCheckpoint);
        }
        commit();
    }

    synchronized void deleteSubscription(String id) {
        subscriptions.remove(id);
        usage.remove(id);
        for (MVMap<String, String> map : List.of(pending, dead, meta)) {
            for (String key : keys(map, id)) {
                map.remove(key);
            }
        }
        commit();
    }

    /**
     * Stores a batch and returns its sequence number; committed when this returns.
     *
     * @throws StoreFullException when the subscription's bounds leave no room for it (counted as refused)
     */
    synchronized long append(String id, ArrayNode events) {
        if (!subscriptions.containsKey(id)) {
            throw new IllegalStateException("subscription " + id + " was deleted");
        }
        ObjectNode batch = MAPPER.createObjectNode();
        batch.set("events", events);
        batch.put("attempts", 0);
        batch.put("nextAttemptAt", 0L);
        String json = batch.toString();
        long bytes = utf8Length(json);
        Usage u = usageOf(id);
        StoreLimits bounds = limits;
        if (u.batches > 0 && (u.batches >= bounds.maxBatches() || u.bytes + bytes > bounds.maxBytes())) {
            u.refused++;
            if (!u.full) {
                u.full = true;
                LOG.warn("Subscription {}: its pending store is full ({} batches, {} bytes; bounds {} batches, {} "
                        + "bytes): new batches are refused until some are delivered", id, u.batches, u.bytes,
                        bounds.maxBatches(), bounds.maxBytes());
            }
            throw new StoreFullException("subscription " + id + " holds " + u.batches + " undelivered batches ("
                    + u.bytes + " bytes), the most it may hold (max.pending.batches " + bounds.maxBatches()
                    + ", max.pending.bytes " + bounds.maxBytes() + ")");
        }
        long sequence = counter(id, "nextSequence") + 1;
        pending.put(key(id, sequence), json);
        u.batches++;
        u.bytes += bytes;
        meta.put(id + "/nextSequence", Long.toString(sequence));
        meta.put(id + "/emitted", Long.toString(counter(id, "emitted") + 1));
        commit();
        return sequence;
    }

    /** The oldest pending batch, {@code null} when none. */
    synchronized Batch firstPending(String id) {
        String key = pending.ceilingKey(id + "/");
        if (key == null || !key.startsWith(id + "/")) {
            return null;
        }
        ObjectNode node = (ObjectNode) read(pending.get(key));
        return new Batch(sequenceOf(key), (ArrayNode) node.get("events"), node.path("attempts").asInt(),
                node.path("nextAttemptAt").asLong(), node.path("lastError").asText(null));
    }

    synchronized long pendingCount(String id) {
        Usage u = usage.get(id);
        return u == null ? 0 : u.batches;
    }

    /** The subscription's share of the store against its bounds. */
    synchronized Backlog backlog(String id) {
        Usage u = usage.get(id);
        StoreLimits bounds = limits;
        return new Backlog(u == null ? 0 : u.batches, u == null ? 0 : u.bytes, bounds.maxBatches(), bounds.maxBytes(),
                u != null && (u.full || u.batches >= bounds.maxBatches()), u == null ? 0 : u.refused,
                deadLetteredCount(id), keys(dead, id).size());
    }

    private void released(String id, String json) {
        Usage u = usage.get(id);
        if (u != null) {
            u.batches = Math.max(0, u.batches - 1);
            u.bytes = Math.max(0, u.bytes - utf8Length(json));
            if (u.full) {
                u.full = false;
                LOG.info("Subscription {}: its pending store has room again; {} batches were refused so far", id,
                        u.refused);
            }
        }
    }

    synchronized void delivered(String id, long sequence) {
        String json = pending.remove(key(id, sequence));
        if (json != null) {
            released(id, json);
            meta.put(id + "/delivered", Long.toString(counter(id, "delivered") + 1));
            meta.remove(id + "/lastError");
            advanceCheckpoint(id);
            commit(false);
        }
    }

    synchronized void retryLater(String id, long sequence, int attempts, long nextAttemptAt, String error) {
        String key = key(id, sequence);
        String json = pending.get(key);
        if (json == null) {
            return;
        }
        ObjectNode node = (ObjectNode) read(json);
        node.put("attempts", attempts);
        node.put("nextAttemptAt", nextAttemptAt);
        node.put("lastError", error);
        String updated = node.toString();
        pending.put(key, updated);
        Usage u = usage.get(id);
        if (u != null) {
            u.bytes += utf8Length(updated) - utf8Length(json);
        }
        meta.put(id + "/lastError", error);
        commit();
    }

    synchronized void deadLetter(String id, long sequence, int attempts, String error) {
        String json = pending.remove(key(id, sequence));
        if (json == null) {
            return;
        }
        released(id, json);
        ObjectNode node = (ObjectNode) read(json);
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

    /** The dead-lettered batches: {@code [{sequence, attempts, lastError, deadLetteredAt, events}]}. */
    synchronized ArrayNode deadLetters(String id) {
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

    /** Batches dead-lettered so far, including those no longer kept. */
    synchronized long deadCount(String id) {
        return deadLetteredCount(id);
    }

    private long deadLetteredCount(String id) {
        // stores written before the counter existed kept every dead letter
        return Math.max(counter(id, "deadLettered"), keys(dead, id).size());
    }

    synchronized long counter(String id, String name) {
        String value = meta.get(id + "/" + name);
        return value == null ? 0 : Long.parseLong(value);
    }

    synchronized String lastError(String id) {
        return meta.get(id + "/lastError");
    }

    synchronized String checkpoint(String id) {
        return meta.get(id + "/checkpoint");
    }

    /**
     * Where a binding resumes: the last value staged (its events are stored, so they will be delivered without being
     * read from the source again), else the committed checkpoint.
     */
    synchronized String resumePosition(String id) {
        ArrayNode staged = staged(id);
        return staged.isEmpty() ? checkpoint(id) : staged.get(staged.size() - 1).path("value").asText(null);
    }

    /** Stages {@code value} behind every batch stored so far; commits it at once when none is pending. */
    synchronized void stageCheckpoint(String id, String value) {
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

    private static List<String> keys(MVMap<String, String> map, String id) {
        List<String> keys = new ArrayList<>();
        String prefix = id + "/";
        for (String key = map.ceilingKey(prefix); key != null && key.startsWith(prefix); key = map.higherKey(key)) {
            keys.add(key);
        }
        return keys;
    }

    private Usage usageOf(String id) {
        return usage.computeIfAbsent(id, k -> new Usage());
    }

    /** The UTF-8 size of {@code text}, without encoding it. */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
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
