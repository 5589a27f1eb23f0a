package dev.switchboard.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public class SubscriptionRecordTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the store held before the record was typed (written by the untyped manager): read as it was. */
    @Test
    public void aRecordWrittenBeforeItWasTypedIsReadAndWrittenTheSameWay() throws Exception {
        String stored = "{\"id\":\"s1\",\"connector\":\"sql\",\"version\":null,\"operation\":\"whenRowInserted\","
                + "\"connection\":{\"url\":\"jdbc:h2:mem:x\"},\"parameters\":{\"table\":\"t\"},"
                + "\"webhook\":\"http://h/x\",\"token\":\"tok\",\"createdAt\":17,"
                + "\"start\":{\"checkpoint\":null,\"fixedAt\":\"2026-12-02T00:00:00Z\"}}";
        SubscriptionRecord record = SubscriptionRecord.fromJson(MAPPER.readTree(stored));
        assertEquals("s1", record.id());
        assertNull(record.version());
        assertNull(record.connectionName());
        assertEquals("jdbc:h2:mem:x", record.connection().path("url").asText());
        assertEquals("t", record.parameters().path("table").asText());
        assertTrue(record.isWebhook());
        assertEquals(17, record.createdAt());
        assertEquals(new SubscriptionRecord.Start(null, "2026-12-02T00:00:00Z"), record.start());
        assertEquals(MAPPER.readTree(stored), MAPPER.readTree(record.toJson().toString()));
    }

    @Test
    public void aRecordWithoutStartOrConnectionHasNone() throws Exception {
        SubscriptionRecord record = SubscriptionRecord.fromJson(
                MAPPER.readTree("{\"id\":\"s\",\"connector\":\"request\",\"operation\":\"manual\",\"token\":\"t\"}"));
        assertNull(record.start());
        assertNull(record.connection());
        assertNull(record.webhook());
        assertEquals(JsonNodeFactory.instance.objectNode(), record.parameters());
        assertTrue(record.toJson().path("connection").isNull());
        assertTrue(record.toJson().path("start").isMissingNode());
    }

    @Test
    public void whatACallerDoesWithItsJsonDoesNotChangeTheRecord() {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode().put("table", "t");
        SubscriptionRecord record = new SubscriptionRecord("s", "c", null, "o", null, parameters, null, "t", 1, null);
        parameters.put("table", "changed");
        ((ObjectNode) record.parameters()).put("table", "changed too");
        assertEquals("t", record.parameters().path("table").asText());
        SubscriptionRecord fixed = record.withStart(new SubscriptionRecord.Start("5", "now"));
        assertNull(record.start());
        assertEquals("5", fixed.start().checkpoint());
        assertEquals(record.parameters(), fixed.parameters());
    }

    @Test
    public void theEnvelopeTextIsTheEnvelopeTree() throws Exception {
        SubscriptionRecord record =
                new SubscriptionRecord("s\"1", "c", null, "o\u00e9", null, null, "http://h", "t", 1, null);
        List<JsonNode> events = List.of(
                JsonNodeFactory.instance.objectNode().put("a", "\u2615\n"), JsonNodeFactory.instance.numberNode(2));
        byte[] text = Envelopes.bytes(record, 3, Envelopes.array(events));
        assertEquals(
                MAPPER.readTree(
                        Envelopes.tree(record, 3, Envelopes.arrayOf(events)).toString()),
                MAPPER.readTree(text));
    }
}
