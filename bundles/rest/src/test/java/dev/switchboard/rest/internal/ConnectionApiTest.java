package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class ConnectionApiTest {

    private static final String SECRET = "hunter2-secret";

    private TestServer server;

    @Before
    public void start() throws Exception {
        server = new TestServer();
    }

    @After
    public void stop() throws Exception {
        server.close();
    }

    @Test
    public void putCreatesThenUpdatesAndAnswersMasked() throws Exception {
        String body = "{\"connector\":\"greeter\",\"parameters\":{\"salutation\":\"Hi\",\"apiKey\":\"" + SECRET
                + "\",\"port\":5432,\"tls\":true}}";
        HttpResponse<String> created = server.put("/api/connections/prod", body);
        assertEquals(created.body(), 201, created.statusCode());
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/api/connections/prod"));
        JsonNode json = TestServer.json(created);
        assertEquals("prod", json.get("name").asText());
        assertEquals("greeter", json.get("connector").asText());
        assertEquals("********", json.at("/parameters/apiKey").asText());
        assertEquals(5432, json.at("/parameters/port").asInt());
        assertTrue(json.at("/parameters/tls").asBoolean());
        assertFalse(created.body().contains(SECRET));
        assertEquals(5432L, server.connections.values.get("prod").get("port"));

        HttpResponse<String> updated = server.put("/api/connections/prod", body);
        assertEquals(200, updated.statusCode());

        HttpResponse<String> one = server.get("/api/connections/prod");
        assertEquals(200, one.statusCode());
        assertFalse(one.body().contains(SECRET));
        HttpResponse<String> all = server.get("/api/connections");
        assertEquals(1, TestServer.json(all).size());
        assertFalse(all.body().contains(SECRET));
    }

    @Test
    public void unknownNamesAre404() throws Exception {
        assertEquals(
                "ConnectionNotFound",
                TestServer.json(server.get("/api/connections/nope"))
                        .at("/error/code")
                        .asText());
        assertEquals(404, server.get("/api/connections/nope").statusCode());
        assertEquals(404, server.delete("/api/connections/nope").statusCode());
    }

    @Test
    public void deleteAnswers204() throws Exception {
        server.put("/api/connections/c", "{\"connector\":\"greeter\",\"parameters\":{}}");
        assertEquals(204, server.delete("/api/connections/c").statusCode());
        assertEquals(0, TestServer.json(server.get("/api/connections")).size());
    }

    @Test
    public void badRequestsAre400WithoutValues() throws Exception {
        HttpResponse<String> badName = server.put("/api/connections/a%20b", "{\"connector\":\"greeter\"}");
        assertEquals(400, badName.statusCode());
        assertEquals(
                "InvalidConnectionName",
                TestServer.json(badName).at("/error/code").asText());
        assertEquals(
                400, server.put("/api/connections/c", "{\"parameters\":{}}").statusCode());
        assertEquals(400, server.put("/api/connections/c", "[]").statusCode());
        HttpResponse<String> nested = server.put(
                "/api/connections/c",
                "{\"connector\":\"greeter\",\"parameters\":{\"apiKey\":{\"v\":\"" + SECRET + "\"}}}");
        assertEquals(400, nested.statusCode());
        assertEquals(
                "/parameters/apiKey",
                TestServer.json(nested).at("/error/details/0/target").asText());
        assertFalse(nested.body().contains(SECRET));
        HttpResponse<String> malformed = server.put(
                "/api/connections/c", "{\"connector\":\"greeter\"," + "\"parameters\":{\"apiKey\":" + SECRET + "}}");
        assertEquals("InvalidJson", TestServer.json(malformed).at("/error/code").asText());
        assertFalse(malformed.body().contains(SECRET));
        HttpResponse<String> unknown =
                server.put("/api/connections/c", "{\"connector\":\"greeter\",\"parameters\":{\"unknown\":\"x\"}}");
        assertEquals(400, unknown.statusCode());
        assertEquals(
                "UnknownConnectionParameter",
                TestServer.json(unknown).at("/error/code").asText());
        assertEquals(405, server.post("/api/connections", "{}").statusCode());
    }
}
