package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficSplit;

public class TrafficApiTest {

    private static final String PATH = "/api/connectors/greeter/traffic";

    private TestServer server;

    @Before
    public void start() throws Exception {
        server = new TestServer();
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return TestServer.JSON.readTree(response.body());
    }

    private void assertInvalid(String body, String pointer) throws Exception {
        HttpResponse<String> response = server.put(PATH, body);
        assertEquals(response.body(), 400, response.statusCode());
        JsonNode error = json(response).path("error");
        assertEquals(response.body(), "InvalidTraffic", error.path("code").asText());
        assertEquals(
                response.body(),
                pointer,
                error.path("details").path(0).path("target").asText());
        assertTrue("nothing set", server.traffic.splits.isEmpty());
    }

    @Test
    public void putSetsTheSplitAndGetAndTheConnectorShowIt() throws Exception {
        HttpResponse<String> put = server.put(
                PATH,
                "{\"weights\": {\"2.0.0\": 10, \"1.0.0\": 90}, \"sticky\": "
                        + "\"connection\", \"rollbackOn\": {\"errorRate\": 0.05, \"window\": \"60s\", \"minCalls\": 50}}");
        assertEquals(put.body(), 200, put.statusCode());
        assertEquals(
                new TrafficSplit(
                        Map.of("2.0.0", 10.0, "1.0.0", 90.0), true, new TrafficGuard(0.05, Duration.ofSeconds(60), 50)),
                server.traffic.splits.get("greeter").split());
        JsonNode body = json(server.get(PATH));
        assertEquals("{\"2.0.0\":10,\"1.0.0\":90}", body.path("weights").toString());
        assertEquals("connection", body.path("sticky").asText());
        assertEquals(
                "{\"errorRate\":0.05,\"window\":\"60s\",\"minCalls\":50}",
                body.path("rollbackOn").toString());
        assertEquals("2.0.0", body.path("guard").path("version").asText());
        assertEquals("1.0.0", body.path("guard").path("previousVersion").asText());
    }

    @Test
    public void theGuardsWindowAndMinCallsHaveDefaults() throws Exception {
        assertEquals(
                200,
                server.put(
                                PATH,
                                "{\"weights\": {\"2.0.0\": 1, \"1.0.0\": 1}, \"rollbackOn\": "
                                        + "{\"errorRate\": 0.1}}")
                        .statusCode());
        assertEquals(
                new TrafficGuard(0.1, Duration.ofSeconds(60), 10),
                server.traffic.splits.get("greeter").split().rollbackOn());
    }

    @Test
    public void malformedPartsAre400NamingTheField() throws Exception {
        assertInvalid("[]", "");
        assertInvalid("{}", "/weights");
        assertInvalid("{\"weights\": [10, 90]}", "/weights");
        assertInvalid("{\"weights\": {\"2.0.0\": \"ten\"}}", "/weights/2.0.0");
        assertInvalid("{\"weights\": {\"2.0.0\": 1}, \"sticky\": \"session\"}", "/sticky");
        assertInvalid("{\"weights\": {\"2.0.0\": 1}, \"stick\": \"connection\"}", "/stick");
        assertInvalid("{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": 0.05}", "/rollbackOn");
        assertInvalid("{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": {\"window\": \"60s\"}}", "/rollbackOn/errorRate");
        assertInvalid(
                "{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": {\"errorRate\": 0.05, \"window\": \"soon\"}}",
                "/rollbackOn/window");
        assertInvalid(
                "{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": {\"errorRate\": 0.05, \"minCalls\": 2.5}}",
                "/rollbackOn/minCalls");
        assertInvalid(
                "{\"weights\": {\"2.0.0\": 1}, \"rollbackOn\": {\"errorRate\": 0.05, \"min\": 2}}", "/rollbackOn/min");
    }

    @Test
    public void theHostsRefusalsKeepTheirStatusAndField() throws Exception {
        server.traffic.failure = new TrafficException(
                TrafficException.Reason.INVALID,
                "weights.3.0.0",
                "weights.3.0.0: Connector greeter has no version 3.0.0; its versions: 2.0.0, 1.0.0");
        HttpResponse<String> response = server.put(PATH, "{\"weights\": {\"3.0.0\": 1}}");
        assertEquals(400, response.statusCode());
        assertEquals(
                "/weights/3.0.0",
                json(response)
                        .path("error")
                        .path("details")
                        .path(0)
                        .path("target")
                        .asText());
        assertTrue(response.body(), response.body().contains("its versions: 2.0.0, 1.0.0"));

        server.traffic.failure = new TrafficException(
                TrafficException.Reason.UNKNOWN_CONNECTOR, null, "Connector 'nope' is not registered");
        HttpResponse<String> unknown = server.put("/api/connectors/nope/traffic", "{\"weights\": {\"1.0.0\": 1}}");
        assertEquals(404, unknown.statusCode());
        assertEquals(
                "ConnectorNotFound", json(unknown).path("error").path("code").asText());
    }

    @Test
    public void deleteClearsAndAnAbsentSplitIs404() throws Exception {
        assertEquals(404, server.get(PATH).statusCode());
        assertEquals(
                "TrafficNotSet",
                json(server.get(PATH)).path("error").path("code").asText());
        assertEquals(404, server.delete(PATH).statusCode());
        assertEquals(200, server.put(PATH, "{\"weights\": {\"1.0.0\": 1}}").statusCode());
        assertEquals(204, server.delete(PATH).statusCode());
        assertTrue(server.traffic.splits.isEmpty());
    }
}
