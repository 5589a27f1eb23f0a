package dev.switchboard.triggers.internal;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.h2.mvstore.MVMap;

/**
 * The keys of the embedded store's maps: {@code <subscription id>/<what>}, a batch's {@code <what>} being its sequence
 * number padded to 19 digits, so that a subscription's entries are one sorted range and its batches in order.
 */
final class MvKeys {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private MvKeys() {}

    static String key(String id, long sequence) {
        return id + "/" + String.format("%019d", sequence);
    }

    static long sequenceOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
    }

    /** The subscription's first key in {@code map}, {@code null} when it has none. */
    static String first(MVMap<String, ?> map, String id) {
        String key = map.ceilingKey(id + "/");
        return key == null || !key.startsWith(id + "/") ? null : key;
    }

    /** The subscription's keys in {@code map}, in order. */
    static List<String> keys(MVMap<String, ?> map, String id) {
        List<String> keys = new ArrayList<>();
        String prefix = id + "/";
        for (String key = map.ceilingKey(prefix); key != null && key.startsWith(prefix); key = map.higherKey(key)) {
            keys.add(key);
        }
        return keys;
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt entry in the trigger store", e);
        }
    }
}
