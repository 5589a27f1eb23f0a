package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue #13 §4 against the real launcher: what a connector logs while it is invoked, and the host's lines about it,
 * show up in {@code GET /api/connectors/{id}/logs} with the connector's version and the call's trace id; another
 * connector's lines do not; {@code since} and {@code level} select; bad values are 400 naming the parameter; an
 * unknown connector is 404.
 */
public class ConnectorLogsE2EIT {

    private static final String TRACE_ID = "11112222333344445555666677778888";
    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String HTTP_INVOKE = "/api/connectors/http/operations/sendRequest/invoke";
    private static final String NEVER = "/api/connectors/misbehaving/operations/neverCompletes/invoke";
    private static final String TIMEOUT_TRACE_ID = "aaaabbbbccccddddeeeeffff00001111";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void start() throws Exception {
        host = SwitchboardProcess.start("switchboard-connector-logs");
        host.deploy("greeter-v1", "greeter.jar");
        host.deploy("faulty", "faulty.jar");
        // calls time out after 1.5 s, so that the dispatcher's own 504 line comes soon
        host.deployText("invoke.timeout.ms = 1500\n", "dev.switchboard.host.dispatcher.cfg");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        host.awaitActive("misbehaving", null, Duration.ofSeconds(30));
        host.awaitActive("http", null, Duration.ofSeconds(30));
        HttpResponse<String> greeted = host.send(host.request(GREET)
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-1234567890abcdef-01")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"Logan\"}}"))
                .build());
        assertEquals(greeted.body(), 200, greeted.statusCode());
        // the http connector fails to reach a closed port: the host's WARN about it is the http connector's line
        HttpResponse<String> failed = host.post(
                HTTP_INVOKE,
                "{\"parameters\":{\"method\":\"GET\","
                        + "\"uri\":\"http://127.0.0.1:9/closed\",\"timeoutSeconds\":5}}");
        assertTrue(failed.body(), failed.statusCode() >= 500);
    }

    @AfterClass
    public static void stop() {
        if (host != null) {
            host.close();
        }
    }

    private static JsonNode logs(String id, String query) {
        HttpResponse<String> response = host.get("/api/connectors/" + id + "/logs" + query);
        assertEquals(response.body(), 200, response.statusCode());
        return SwitchboardProcess.json(response);
    }

    private static JsonNode line(JsonNode lines, String text) {
        for (JsonNode line : lines) {
            if (line.path("message").asText().contains(text)) {
                return line;
            }
        }
        return null;
    }

    @Test
    public void theConnectorsOwnLineShowsWithVersionAndTraceId() {
        JsonNode lines = Await.until(
                "the greeter's line",
                Duration.ofSeconds(10),
                () -> logs("greeter", ""),
                l -> line(l, "Greeting Logan") != null);
        JsonNode greeting = line(lines, "Greeting Logan");
        assertEquals("1.0.0", greeting.path("version").asText());
        assertEquals(TRACE_ID, greeting.path("traceId").asText());
        assertEquals("INFO", greeting.path("level").asText());
        assertEquals(
                "dev.switchboard.itests.greeter.GreeterConnector",
                greeting.path("logger").asText());
        Instant.parse(greeting.path("time").asText());
        assertEquals("no line of another connector", null, line(lines, "127.0.0.1:9"));
        // the host's line about the connector (the catalog's) is the connector's too
        JsonNode loaded = line(lines, "Connector greeter@1.0.0 from bundle");
        assertTrue(
                lines.toString(),
                loaded != null && loaded.path("message").asText().contains("ACTIVE"));
        assertEquals("1.0.0", loaded.path("version").asText());
    }

    @Test
    public void aLineFromAThreadTheConnectorStartedItselfIsItsToo() {
        JsonNode lines = Await.until(
                "the line of the greeter's own thread",
                Duration.ofSeconds(10),
                () -> logs("greeter", ""),
                l -> line(l, "Greeter warm-up on its own thread") != null);
        JsonNode warmUp = line(lines, "Greeter warm-up on its own thread");
        assertEquals("1.0.0", warmUp.path("version").asText());
        assertEquals(
                "dev.switchboard.itests.greeter.GreeterConnector",
                warmUp.path("logger").asText());
        assertEquals("outside any call: no trace", "", warmUp.path("traceId").asText(""));
    }

    @Test
    public void theDispatchersTimeoutLineIsTheConnectorsWithItsVersionAndTrace() {
        Await.until(
                "a call that never completes to answer 504 after the lowered timeout",
                Duration.ofSeconds(30),
                () -> host.send(host.request(NEVER)
                                .header("Content-Type", "application/json")
                                .header("traceparent", "00-" + TIMEOUT_TRACE_ID + "-1234567890abcdef-01")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"parameters\":{}}"))
                                .build())
                        .statusCode(),
                status -> status == 504);
        JsonNode lines = Await.until(
                "the dispatcher's timeout line among the connector's",
                Duration.ofSeconds(10),
                () -> logs("misbehaving", "?level=WARN"),
                l -> line(l, "did not complete within 1500 ms") != null);
        JsonNode timeout = line(lines, "did not complete within 1500 ms");
        assertEquals("WARN", timeout.path("level").asText());
        assertEquals(TIMEOUT_TRACE_ID, timeout.path("traceId").asText());
        assertTrue(timeout.toString(), timeout.path("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
        assertEquals(
                "dev.switchboard.host.internal.dispatch.TimeoutSweep",
                timeout.path("logger").asText());
        assertEquals("not another connector's line", null, line(logs("greeter", ""), "did not complete"));
    }

    @Test
    public void theHostsLineAboutAConnectorIsThatConnectorsOnly() {
        JsonNode lines = Await.until(
                "the http connector's failure line",
                Duration.ofSeconds(10),
                () -> logs("http", "?level=WARN"),
                l -> l.size() > 0);
        for (JsonNode line : lines) {
            assertFalse(line.toString(), line.path("message").asText().contains("Greeting"));
            assertTrue(line.toString(), line.path("traceId").asText().matches("[0-9a-f]{32}"));
        }
        assertEquals(0, logs("greeter", "?level=WARN").size());
    }

    @Test
    public void theConsolesConnectorPageHasTheSameLines() {
        Await.until(
                "the greeter's line",
                Duration.ofSeconds(10),
                () -> logs("greeter", ""),
                l -> line(l, "Greeting Logan") != null);
        HttpResponse<String> response = host.get("/system/console/connectors/logs.json?id=greeter");
        assertEquals(response.body(), 200, response.statusCode());
        JsonNode greeting = line(SwitchboardProcess.json(response).get("lines"), "Greeting Logan");
        assertEquals(TRACE_ID, greeting.path("traceId").asText());
        assertEquals("1.0.0", greeting.path("version").asText());
    }

    @Test
    public void sinceSelectsLaterLines() {
        assertEquals(
                0, logs("greeter", "?since=" + Instant.now().plusSeconds(3600)).size());
        assertTrue(logs("greeter", "?since=2020-01-01T00:00:00Z").size() > 0);
    }

    @Test
    public void badParametersAre400NamingThemAndAnUnknownConnectorIs404() {
        HttpResponse<String> since = host.get("/api/connectors/greeter/logs?since=yesterday");
        assertEquals(400, since.statusCode());
        assertTrue(since.body(), since.body().contains("since"));
        HttpResponse<String> level = host.get("/api/connectors/greeter/logs?level=LOUD");
        assertEquals(400, level.statusCode());
        assertTrue(level.body(), level.body().contains("level"));
        HttpResponse<String> unknown = host.get("/api/connectors/nope/logs");
        assertEquals(unknown.body(), 404, unknown.statusCode());
    }
}
