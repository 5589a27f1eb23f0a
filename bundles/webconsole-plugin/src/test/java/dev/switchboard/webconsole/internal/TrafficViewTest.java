package dev.switchboard.webconsole.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficRollback;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;
import dev.switchboard.host.internal.views.JacksonViews;

public class TrafficViewTest {

    private final ConsoleViews views = new ConsoleViews(new JacksonViews());

    @Test
    public void theRestApisTrafficJsonWeightsNewestFirstWithTheGuardsCountsAndARollback() {
        ObjectNode view = views.traffic(new TrafficStatus(
                "greeter",
                new TrafficSplit(
                        Map.of("1.0.0", 90.0, "2.0.0", 10.0), true, new TrafficGuard(0.05, Duration.ofSeconds(60), 50)),
                "2.0.0",
                "1.0.0",
                12,
                1,
                new TrafficRollback("3.0.0", "2.0.0", Instant.parse("2026-12-02T04:00:00Z"), "too many failed")));
        assertEquals("{\"2.0.0\":10,\"1.0.0\":90}", view.get("weights").toString());
        assertEquals("connection", view.get("sticky").asText());
        assertEquals(
                "{\"errorRate\":0.05,\"window\":\"60s\",\"minCalls\":50}",
                view.get("rollbackOn").toString());
        assertEquals(
                "{\"version\":\"2.0.0\",\"previousVersion\":\"1.0.0\",\"windowCalls\":12,\"windowFailures\":1}",
                view.get("guard").toString());
        assertEquals("too many failed", view.at("/rolledBack/reason").asText());
        assertNull("no split, no panel", views.traffic(null));
    }
}
