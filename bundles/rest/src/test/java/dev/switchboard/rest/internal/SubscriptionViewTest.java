package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.host.api.JsonViews;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.SubscriptionState;

/** What {@code GET /api/subscriptions} shows: a hook token and URL only where there is a hook to post to. */
public class SubscriptionViewTest {

    private final SubscriptionEndpoints endpoints =
            new SubscriptionEndpoints(null, JsonViews.strictMapper(), new RequestBodyReader(1 << 20));

    @After
    public void stop() {
        endpoints.deactivate();
    }

    @Test
    public void aRequestSubscriptionShowsItsHookTokenAndUrl() {
        JsonNode view = endpoints.view(subscription("request", "manual", null, "tok3n"));
        assertEquals("tok3n", view.path("hookToken").asText());
        assertEquals("/api/hooks/s1", view.path("hookUrl").asText());
    }

    @Test
    public void aSqlWebhookSubscriptionHasNoHookFields() {
        JsonNode view = endpoints.view(subscription("sql", "whenRowInserted", "http://127.0.0.1:9000/", "tok3n"));
        assertFalse(view.toString(), view.has("hookToken"));
        assertFalse(view.toString(), view.has("hookUrl"));
        assertEquals(
                "http://127.0.0.1:9000/", view.path("target").path("webhook").asText());
    }

    @Test
    public void aScheduleStreamSubscriptionHasNoHookFields() {
        JsonNode view = endpoints.view(subscription("schedule", "recurrence", null, "********"));
        assertFalse(view.toString(), view.has("hookToken"));
        assertFalse(view.toString(), view.has("hookUrl"));
        assertEquals(true, view.path("target").path("stream").asBoolean());
    }

    @Test
    public void theOwnerIsShownInClusterModeOnlyAndNeverOnAHostThatRunsAlone() {
        Subscription alone = subscription("schedule", "recurrence", null, "********");
        assertFalse(endpoints.view(alone).toString(), endpoints.view(alone).has("owner"));
        Subscription owned = new Subscription(
                alone.id(),
                alone.request(),
                alone.token(),
                alone.state(),
                alone.reason(),
                alone.runningVersion(),
                alone.checkpoint(),
                alone.emitted(),
                alone.delivered(),
                alone.pending(),
                alone.deadLettered(),
                alone.lastError(),
                alone.deadLetters(),
                alone.backlog(),
                alone.start(),
                "node-b");
        assertEquals("node-b", endpoints.view(owned).path("owner").asText());
    }

    private static Subscription subscription(String connector, String operation, String webhook, String token) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        return new Subscription(
                "s1",
                new SubscriptionRequest(connector, null, operation, null, parameters, webhook),
                token,
                SubscriptionState.ACTIVE,
                null,
                "1.0.0",
                null,
                0,
                0,
                0,
                0,
                null,
                JsonNodeFactory.instance.arrayNode());
    }
}
