package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue #13 §1 and §2 against the real launcher: {@code GET /metrics} in the Prometheus text format with the greeter's
 * calls by outcome and its latency histogram, the dispatcher's and the JVM's meters, a subscription's delivery
 * latency histogram; who may read it; and the console's chart data with the same calls.
 */
public class MetricsE2EIT {

    private static final String INVOKE = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET = "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";
    private static final String NO_NAME = "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{}}";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-metrics");
        host.deploy("greeter-v1", "greeter.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, host.post(INVOKE, GREET).statusCode());
        }
        assertEquals(400, host.post(INVOKE, NO_NAME).statusCode()); // invalid inputs: a 4xx
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    private static HttpResponse<String> bearer(String token, String path) {
        return host.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    private static String token(String role) {
        HttpResponse<String> created =
                host.post("/api/tokens", "{\"name\":\"" + role + "-scraper\",\"roles\":[\"" + role + "\"]}");
        assertTrue(created.body(), created.statusCode() == 200 || created.statusCode() == 201);
        return SwitchboardProcess.json(created).get("token").asText();
    }

    @Test
    public void theAdminReadsThePrometheusTextWithTheCallsByOutcomeTheHistogramAndTheJvm() {
        HttpResponse<String> metrics = host.get("/metrics");
        assertEquals(metrics.body(), 200, metrics.statusCode());
        assertTrue(
                metrics.headers().firstValue("Content-Type").orElse(""),
                metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        String labels = "connector=\"greeter\",operation=\"greet\"";
        assertTrue(text, text.contains("# TYPE switchboard_calls_total counter"));
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"2xx\",version=\"1.0.0\"} 3.0"));
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"4xx\",version=\"1.0.0\"} 1.0"));
        assertTrue(
                text, text.contains("switchboard_calls_total{" + labels + ",outcome=\"5xx\",version=\"1.0.0\"} 0.0"));
        assertTrue(text, text.contains("# TYPE switchboard_call_duration_seconds histogram"));
        assertTrue(
                text,
                text.contains(
                        "switchboard_call_duration_seconds_bucket{" + labels + ",version=\"1.0.0\",le=\"+Inf\"} 4"));
        assertTrue(text, text.contains("switchboard_call_duration_seconds_count{" + labels + ",version=\"1.0.0\"} 4"));
        for (String name : new String[] {
            "switchboard_dispatcher_active_calls ",
            "switchboard_dispatcher_queued_calls ",
            "switchboard_dispatcher_rejected_calls_total ",
            "jvm_memory_used_bytes{",
            "jvm_threads_live_threads ",
            "jvm_gc_",
            "switchboard_deployments_total{"
        }) {
            assertTrue(name + " in\n" + text, text.contains(name));
        }
    }

    @Test
    public void aDeliveredEventLandsInTheSubscriptionsDeliveryLatencyHistogram() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> created = host.post(
                    "/api/subscriptions",
                    "{\"connector\":\"request\",\"operation\":\"manual\",\"target\":{\"webhook\":\"" + webhook
                            + "\"}}");
            assertEquals(created.body(), 201, created.statusCode());
            JsonNode subscription = SwitchboardProcess.json(created);
            String id = subscription.get("id").asText();
            Await.until(
                    "subscription " + id + " ACTIVE",
                    Duration.ofSeconds(30),
                    () -> host.getJson("/api/subscriptions/" + id).path("state").asText(),
                    "ACTIVE"::equals);
            HttpResponse<String> accepted = host.send(HttpRequest.newBuilder(
                            URI.create(host.baseUrl() + "/api/hooks/" + id))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Switchboard-Token", subscription.get("hookToken").asText())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                    .build());
            assertEquals(accepted.body(), 202, accepted.statusCode());
            Await.until(
                    "the event delivered",
                    Duration.ofSeconds(30),
                    () -> host.getJson("/api/subscriptions/" + id)
                            .path("delivery")
                            .path("delivered")
                            .asLong(),
                    delivered -> delivered == 1);

            String text = host.get("/metrics").body();
            String name = "switchboard_subscription_delivery_latency_seconds";
            String labels = "{connector=\"request\",operation=\"manual\",subscription=\"" + id + "\"";
            assertTrue(text, text.contains("# TYPE " + name + " histogram"));
            assertTrue(text, text.contains(name + "_count" + labels + "} 1"));
            assertTrue(text, text.contains(name + "_bucket" + labels + ",le=\"+Inf\"} 1"));
            assertTrue(text, text.contains(name + "_sum" + labels + "} "));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    public void aMetricsTokenMayReadAnInvokerTokenAndNobodyMayNot() {
        assertEquals(200, bearer(token("metrics"), "/metrics").statusCode());
        HttpResponse<String> invoker = bearer(token("invoker"), "/metrics");
        assertEquals(invoker.body(), 403, invoker.statusCode());
        assertTrue(invoker.body(), invoker.body().contains("metrics"));
        HttpResponse<String> anonymous = host.getAnonymous("/metrics");
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").isPresent());
        // the context of /metrics takes nothing from the others
        assertEquals(401, host.getAnonymous("/api/connectors").statusCode());
        assertEquals(200, host.get("/api/connectors").statusCode());
    }

    @Test
    public void theConsoleChartDataHasTheCallsOfTheVersion() {
        HttpResponse<String> charts = host.get("/system/console/connectors/metrics.json");
        assertEquals(charts.body(), 200, charts.statusCode());
        JsonNode body = SwitchboardProcess.json(charts);
        assertTrue(body.toString(), body.get("metrics").asBoolean());
        JsonNode greeter = SwitchboardProcess.find(body.get("series"), "connector", "greeter");
        assertEquals("1.0.0", greeter.get("version").asText());
        assertEquals(10, greeter.get("bucketSeconds").asInt());
        assertEquals(90, greeter.get("calls").size());
        assertEquals(body.toString(), 4, greeter.get("totalCalls").asLong());
        assertEquals(0, greeter.get("totalErrors").asLong()); // a 4xx is the caller's error, not the host's
    }
}
