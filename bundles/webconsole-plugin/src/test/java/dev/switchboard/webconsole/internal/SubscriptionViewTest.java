package dev.switchboard.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import dev.switchboard.host.internal.views.JacksonViews;
import dev.switchboard.triggers.api.Backlog;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

public class SubscriptionViewTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ConsoleViews views = new ConsoleViews(new JacksonViews());

    @Test
    public void rowsShowStateAndCountersButNoSecrets() {
        ObjectNode connection = mapper.createObjectNode().put("password", "s3cret-conn");
        Subscription waiting = new Subscription(
                "sub-1",
                new SubscriptionRequest(
                        "sql",
                        "[1.0,2.0)",
                        "whenRowInserted",
                        connection,
                        mapper.createObjectNode().put("table", "orders"),
                        "https://user:pw@example.org:8443/in?token=qsecret#frag"),
                "hook-t0ken",
                SubscriptionState.WAITING,
                "no ACTIVE version of connector 'sql'",
                null,
                null,
                3,
                1,
                2,
                0,
                null,
                null);
        Subscription active = new Subscription(
                "sub-2",
                new SubscriptionRequest("request", null, "manual", null, mapper.createObjectNode(), null),
                "hook-t0ken-2",
                SubscriptionState.ACTIVE,
                null,
                "1.0.0",
                "7",
                5,
                4,
                0,
                1,
                "boom",
                null,
                new Backlog(0, 0, 1000, 16777216, false, 3, 1, 1));

        List<ObjectNode> rows = views.subscriptionRows(List.of(waiting, active));

        assertEquals(2, rows.size());
        ObjectNode w = rows.get(0);
        assertEquals("sub-1", w.get("id").asText());
        assertEquals("sql", w.get("connector").asText());
        assertEquals("[1.0,2.0)", w.get("version").asText());
        assertEquals("whenRowInserted", w.get("operation").asText());
        assertEquals("https://example.org:8443/in?token=***", w.get("target").asText());
        assertEquals("WAITING", w.get("state").asText());
        assertEquals("no ACTIVE version of connector 'sql'", w.get("reason").asText());
        assertEquals(2, w.get("pending").asLong());
        assertEquals(1, w.get("delivered").asLong());
        assertEquals(0, w.get("deadLettered").asLong());

        ObjectNode a = rows.get(1);
        assertEquals("1.0.0", a.get("version").asText());
        assertEquals("stream", a.get("target").asText());
        assertEquals("ACTIVE", a.get("state").asText());
        assertTrue(a.get("reason").isNull());
        assertEquals(1, a.get("deadLettered").asLong());
        assertEquals(3, a.get("refused").asLong());
        assertEquals(1000, a.get("maxPendingBatches").asLong());
        assertEquals(16777216, a.get("maxPendingBytes").asLong());
        assertFalse(a.get("full").asBoolean());

        String json = rows.toString();
        for (String secret : new String[] {"hook-t0ken", "s3cret-conn", "qsecret", "pw@", "password", "orders"}) {
            assertFalse(secret + " is not shown: " + json, json.contains(secret));
        }
    }

    @Test
    public void unparseableWebhookIsNotEchoed() {
        assertEquals("(webhook)", ConsoleViews.safeUrl("not a url with secret"));
        assertEquals(
                "https://example.com/hook?token=***",
                ConsoleViews.safeUrl("https://user:pass@example.com/hook?token=abc"));
        assertEquals("http://127.0.0.1:9000/", ConsoleViews.safeUrl("http://127.0.0.1:9000/"));
    }
}
