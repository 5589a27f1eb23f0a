package dev.switchboard.triggers.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON a webhook receives or a stream carries for one batch:
 * {@code {subscriptionId, sequence, connector, operation, events: [...]}}. A webhook gets it as UTF-8 built around the
 * events' stored bytes (a batch is not parsed or encoded again to be sent); a stream listener gets the tree.
 */
final class Envelopes {

    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(new TypeReference<List<JsonNode>>() {});

    private Envelopes() {}

    /** The UTF-8 JSON of an array of {@code events}, as the store keeps it; written with one generator. */
    static byte[] array(List<JsonNode> events) {
        try {
            return WRITER.writeValueAsBytes(events);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("events that cannot be written as JSON", e);
        }
    }

    static ArrayNode arrayOf(List<JsonNode> events) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(events.size());
        events.forEach(array::add);
        return array;
    }

    /** The envelope as a tree, for stream listeners. */
    static ObjectNode tree(SubscriptionRecord record, long sequence, ArrayNode events) {
        ObjectNode envelope = head(record, sequence);
        envelope.set("events", events);
        return envelope;
    }

    /** The envelope as UTF-8 JSON around {@code eventsJson}, which is copied in as it is (not parsed). */
    static byte[] bytes(SubscriptionRecord record, long sequence, byte[] eventsJson) {
        String head = head(record, sequence).toString();
        byte[] open = (head.substring(0, head.length() - 1) + ",\"events\":").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[open.length + eventsJson.length + 1];
        System.arraycopy(open, 0, body, 0, open.length);
        System.arraycopy(eventsJson, 0, body, open.length, eventsJson.length);
        body[body.length - 1] = '}';
        return body;
    }

    private static ObjectNode head(SubscriptionRecord record, long sequence) {
        ObjectNode envelope = JsonNodeFactory.instance.objectNode();
        envelope.put("subscriptionId", record.id());
        envelope.put("sequence", sequence);
        envelope.put("connector", record.connector());
        envelope.put("operation", record.operation());
        return envelope;
    }
}
