package dev.switchboard.triggers.internal;

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

/**
 * The durable state of every subscription in one H2 MVStore file: the subscriptions themselves, the event batches
 * stored and not yet delivered, the dead-lettered ones, counters and checkpoints. Every change is committed to the file
 * before the method returns, so what a method reported as stored survives the process being killed.
 * <p>
 * Checkpoints are staged: {@link #stageCheckpoint} remembers the value with the sequence number of the last batch
 * stored so far, and the value becomes the committed checkpoint once no batch up to that number is pending any more.
 */
final class TriggerStore implements AutoCloseable {

    /** A stored batch waiting for delivery. */
    record Batch(long sequence, ArrayNode events, int attempts, long nextAttemptAt, String lastError) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MVStore store;
    private volatile boolean sync;
    private final MVMap<String, String> subscriptions;
    private final MVMap<String, String> pending;
    private final MVMap<String, String> dead;
    private final MVMap<String, String> meta;

    TriggerStore(Path file, boolean sync) throws java.io.IOException {
        Files.createDirectories(file.getParent());
        this.store = new MVStore.Builder().fileName(file.toString()).open();
        this.sync = sync;
        this.subscriptions = store.openMap("subscriptions");
        this.pending = store.openMap("pending");
        this.dead = store.openMap("dead");
        this.meta = store.openMap("meta");
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
        subscriptions.put(id, record.toString());
        commit();
    }

    synchronized void deleteSubscription(String id) {
        subscriptions.remove(id);
        for (MVMap<String, String> map : List.of(pending, dead, meta)) {
            for (String key : keys(map, id)) {
                map.remove(key);
            }
        }
        commit();
    }

    /** Stores a batch and returns its sequence number; committed when this returns. */
    synchronized long append(String id, ArrayNode events) {
        if (!subscriptions.containsKey(id)) {
            throw new IllegalStateException("subscription " + id + " was deleted");
        }
        long sequence = counter(id, "nextSequence") + 1;
        ObjectNode batch = MAPPER.createObjectNode();
        batch.set("events", events);
        batch.put("attempts", 0);
        batch.put("nextAttemptAt", 0L);
        pending.put(key(id, sequence), batch.toString());
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
        return keys(pending, id).size();
    }

    synchronized void delivered(String id, long sequence) {
        if (pending.remove(key(id, sequence)) != null) {
            meta.put(id + "/delivered", Long.toString(counter(id, "delivered") + 1));
            meta.remove(id + "/lastError");
            advanceCheckpoint(id);
            commit();
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
        pending.put(key, node.toString());
        meta.put(id + "/lastError", error);
        commit();
    }

    synchronized void deadLetter(String id, long sequence, int attempts, String error) {
        String json = pending.remove(key(id, sequence));
        if (json == null) {
            return;
        }
        ObjectNode node = (ObjectNode) read(json);
        node.put("attempts", attempts);
        node.put("lastError", error);
        node.put("deadLetteredAt", System.currentTimeMillis());
        dead.put(key(id, sequence), node.toString());
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

    synchronized long deadCount(String id) {
        return keys(dead, id).size();
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
        commit();
    }

    private void advanceCheckpoint(String id) {
        Batch first = firstPending(id);
        long firstPending = first == null ? Long.MAX_VALUE : first.sequence();
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
        store.commit();
        if (sync) {
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
