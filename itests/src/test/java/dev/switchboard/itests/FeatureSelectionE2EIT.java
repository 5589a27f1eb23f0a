package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Test;

/**
 * The features decide what the host boots with: {@code --feature core --feature http} is the smallest host with an API
 * (no console, no shipped connectors, no triggers), and it deploys and invokes connectors like the full one.
 */
public class FeatureSelectionE2EIT {

    private SwitchboardProcess host;

    @After
    public void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void coreAndHttpAloneServeTheApiAndSaySubscriptionsNeedTheTriggersFeature() throws Exception {
        host = SwitchboardProcess.create("switchboard-features").arguments("--feature", "core", "--feature", "http");
        // in the deploy folder before the start: in force by the time the host says it is ready
        host.deployText("connector = greeter\nsalutation = Hello\n", "dev.switchboard.connection-early.cfg");
        host.start();
        HttpResponse<String> early = host.get("/api/connections/early");
        assertEquals(early.body(), 200, early.statusCode());
        assertTrue(
                host.tail(40),
                host.output().stream()
                        .anyMatch(l -> l.contains("Features  dev.switchboard:core:")
                                && !l.contains("triggers")
                                && !l.contains("webconsole")
                                && !l.contains("connectors")));
        assertEquals(200, host.getAnonymous("/api/health").statusCode());
        assertEquals(0, host.getJson("/api/connectors").size());

        host.deploy("greeter-v1", "greeter.jar");
        Await.until(
                "greeter ACTIVE",
                Duration.ofSeconds(30),
                () -> host.connectorVersions("greeter"),
                (List<JsonNode> v) ->
                        !v.isEmpty() && "ACTIVE".equals(v.get(0).path("state").asText()));
        HttpResponse<String> invoked = host.post(
                "/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":\"early\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals(
                "Hello, Ada!",
                SwitchboardProcess.json(invoked).at("/body/message").asText());

        HttpResponse<String> subscriptions = host.get("/api/subscriptions");
        assertEquals(subscriptions.body(), 503, subscriptions.statusCode());
        JsonNode error = SwitchboardProcess.json(subscriptions).get("error");
        assertEquals("TriggersUnavailable", error.get("code").asText());
        assertTrue(error.get("message").asText(), error.get("message").asText().contains("triggers feature"));
        assertEquals(404, host.get("/system/console/bundles").statusCode());
        assertTrue(
                "no errors in the output:\n" + host.tail(60),
                host.output().stream().noneMatch(l -> l.contains(" ERROR ")));
    }
}
