package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.h2.mvstore.MVMap;

/**
 * The embedded store's checkpoints, in its {@code meta} map: the committed one ({@code <id>/checkpoint}) and those
 * staged behind the batches stored so far ({@code <id>/staged}, a JSON array of {@code {sequence, value}}). Called
 * holding the store's lock; the store commits.
 */
final class EmbeddedCheckpoints {

    private final MVMap<String, String> meta;

    EmbeddedCheckpoints(MVMap<String, String> meta) {
        this.meta = meta;
    }

    String committed(String id) {
        return meta.get(id + "/checkpoint");
    }

    /** The last value staged, else the committed checkpoint. */
    String resumePosition(String id) {
        ArrayNode staged = staged(id);
        return staged.isEmpty()
                ? committed(id)
                : staged.get(staged.size() - 1).path("value").asText(null);
    }

    /** Where a new subscription starts, unless it has a position already (a start is never moved). */
    void first(String id, String value) {
        if (value != null && resumePosition(id) == null) {
            meta.put(id + "/checkpoint", value);
        }
    }

    /** Stages {@code value} behind the batches up to {@code lastSequence}. */
    void stage(String id, long lastSequence, String value) {
        ArrayNode staged = staged(id);
        staged.addObject().put("sequence", lastSequence).put("value", value);
        meta.put(id + "/staged", staged.toString());
    }

    /** Commits the staged values no pending batch holds back ({@code firstPending}: the oldest pending sequence). */
    void advance(String id, long firstPending) {
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
            ArrayNode rest = MvKeys.MAPPER.createArrayNode();
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
        return json == null ? MvKeys.MAPPER.createArrayNode() : (ArrayNode) MvKeys.read(json);
    }
}
