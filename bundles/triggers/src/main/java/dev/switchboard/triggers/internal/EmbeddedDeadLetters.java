package dev.switchboard.triggers.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.h2.mvstore.MVMap;

/**
 * The embedded store's dead letters kept for inspection, in its {@code dead} map: one JSON object per batch,
 * {@code {events, attempts, lastError, deadLetteredAt}}. Called holding the store's lock; the store commits.
 */
final class EmbeddedDeadLetters {

    private final MVMap<String, String> dead;

    EmbeddedDeadLetters(MVMap<String, String> dead) {
        this.dead = dead;
    }

    /** Keeps a batch given up, then only the newest {@code keep} of the subscription's. */
    void add(String id, long sequence, byte[] events, int attempts, String error, int keep) {
        ObjectNode node = MvKeys.MAPPER.createObjectNode();
        node.set("events", MvKeys.read(new String(events, StandardCharsets.UTF_8)));
        node.put("attempts", attempts);
        node.put("lastError", error);
        node.put("deadLetteredAt", System.currentTimeMillis());
        dead.put(MvKeys.key(id, sequence), node.toString());
        List<String> kept = MvKeys.keys(dead, id);
        for (int i = 0; i < kept.size() - keep; i++) {
            dead.remove(kept.get(i));
        }
    }

    /** {@code [{sequence, attempts, lastError, deadLetteredAt, events}]}, oldest first. */
    ArrayNode list(String id) {
        ArrayNode list = MvKeys.MAPPER.createArrayNode();
        for (String key : MvKeys.keys(dead, id)) {
            ObjectNode node = (ObjectNode) MvKeys.read(dead.get(key));
            ObjectNode entry = list.addObject();
            entry.put("sequence", MvKeys.sequenceOf(key));
            entry.set("attempts", node.get("attempts"));
            entry.set("lastError", node.get("lastError"));
            entry.set("deadLetteredAt", node.get("deadLetteredAt"));
            entry.set("events", node.get("events"));
        }
        return list;
    }

    /** How many are kept. */
    int kept(String id) {
        return MvKeys.keys(dead, id).size();
    }
}
