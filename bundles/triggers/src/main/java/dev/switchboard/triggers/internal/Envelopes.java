package dev.switchboard.triggers.internal;

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
 * {@code {subscriptionId, sequence, connector, operation, events: [...]}}. A webhook gets it as text built around the
 * events' stored text (a batch is not parsed again to be sent); a stream listener gets the tree.
 */
final class Envelopes {

    private static final ObjectWriter WRITER = new ObjectMapper().writerFor(new TypeReference<List<JsonNode>>() {
    });

    private Envelopes() {
    }

    /** The JSON text of an array of {@code events}, as the store keeps it; written with one generator. */
    static String array(List<JsonNode> events) {
        try {
            return WRITER.writeValueAsString(events);
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

    /** The envelope as text around {@code eventsJson}, which is inserted as it is. */
    static String text(SubscriptionRecord record, long sequence, String eventsJson) {
        String head = head(record, sequence).toString();
        return new StringBuilder(head.length() + eventsJson.length() + 12)
                .append(head, 0, head.length() - 1).append(",\"events\":").append(eventsJson).append('}').toString();
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
