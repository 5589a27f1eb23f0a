package dev.switchboard.rest.internal;

import static dev.switchboard.rest.internal.TestServer.assertJsonContentType;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.felix.hc.api.Result;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.security.api.Role;

/**
 * Health and the token endpoints as the servlets answer them (authentication and roles are the security layer's:
 * see the security bundle's tests and SecurityE2EIT).
 */
public final class PublicAndTokenEndpointsTest {

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
    public void liveAnswersUpWithoutCredentialsEvenBeforeTheHealthChecksRun() throws Exception {
        HttpResponse<String> response =
                server.send(server.anonymous("/api/health/live").GET());
        assertEquals(200, response.statusCode());
        assertJsonContentType(response);
        assertEquals(TestServer.json("{\"status\":\"UP\"}"), TestServer.json(response));
    }

    @Test
    public void readyAndHealthAnswer503NamingWhatTheyWaitForUntilTheChecksPass() throws Exception {
        for (String path : List.of("/api/health/ready", "/api/health")) {
            HttpResponse<String> response = server.send(server.anonymous(path).GET());
            assertEquals(path, 503, response.statusCode());
            JsonNode body = TestServer.json(response);
            assertEquals("DOWN", body.get("status").asText());
            assertTrue(response.body(), body.get("waitingFor").get(0).asText().contains("health check executor"));
            assertEquals(
                    "no-store", response.headers().firstValue("Cache-Control").orElse(""));
        }

        FakeHealthChecks checks = new FakeHealthChecks();
        server.publicServlet.healthChecks = checks;
        checks.add("Framework started", Result.Status.OK, "started", "ready");
        HttpResponse<String> early =
                server.send(server.anonymous("/api/health/ready").GET());
        assertEquals("the general checks alone are not enough: " + early.body(), 503, early.statusCode());
        assertTrue(early.body(), early.body().contains("Switchboard readiness checks to be registered"));
        checks.clear();
        checks.add(
                "Deploy folder settled",
                Result.Status.TEMPORARILY_UNAVAILABLE,
                "waiting for greeter.jar (PENDING)",
                "ready",
                "switchboard");
        checks.add("Disk space", Result.Status.OK, "Disk Usage /home/secret/place: 40% used", "ready");
        HttpResponse<String> waiting =
                server.send(server.anonymous("/api/health/ready").GET());
        assertEquals(503, waiting.statusCode());
        JsonNode body = TestServer.json(waiting);
        assertEquals(
                "[\"Deploy folder settled: waiting for greeter.jar (PENDING)\"]",
                body.get("waitingFor").toString());
        assertFalse(
                "other checks' messages stay private: " + waiting.body(),
                waiting.body().contains("/home/secret"));

        checks.clear();
        checks.add("Deploy folder settled", Result.Status.OK, "settled", "ready", "switchboard");
        checks.add("Disk space", Result.Status.WARN, "Disk Usage /home/secret/place: 91% used", "ready");
        HttpResponse<String> ready = server.send(server.anonymous("/api/health").GET());
        assertEquals(ready.body(), 200, ready.statusCode());
        assertEquals("UP", TestServer.json(ready).get("status").asText());
        assertEquals(
                "WARN",
                TestServer.json(ready).get("checks").get(1).get("status").asText());

        checks.add("Disk space (strict)", Result.Status.CRITICAL, "Disk Usage /home/secret/place: 91% used", "ready");
        HttpResponse<String> critical =
                server.send(server.anonymous("/api/health/ready").GET());
        assertEquals(503, critical.statusCode());
        assertTrue(
                critical.body(),
                TestServer.json(critical)
                        .get("waitingFor")
                        .get(0)
                        .asText()
                        .startsWith("Disk space (strict): CRITICAL"));
        assertFalse(critical.body(), critical.body().contains("/home/secret"));
        assertEquals(
                200, server.send(server.anonymous("/api/health/live").GET()).statusCode());
    }

    @Test
    public void aCreatedTokenIsShownOnceAndListedWithoutItsSecret() throws Exception {
        HttpResponse<String> created = server.post(
                "/api/tokens",
                "{\"name\":\"ci\",\"roles\":[\"invoker\"],\"connectors\":[\"greeter*\"],\"expiresIn\":3600}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode token = TestServer.json(created);
        assertEquals("ci", token.get("name").asText());
        assertEquals("[\"invoker\"]", token.get("roles").toString());
        assertEquals("[\"greeter*\"]", token.get("connectors").toString());
        assertEquals("2026-12-01T01:00:00Z", token.get("expiresAt").asText());
        assertEquals("secret-t0", token.get("token").asText());
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(""));

        HttpResponse<String> list = server.get("/api/tokens");
        assertEquals(200, list.statusCode());
        assertFalse(list.body(), list.body().contains("secret-t0"));
        assertEquals("t0", TestServer.json(list).get(0).get("id").asText());
        assertEquals(
                List.of(Set.of(Role.INVOKER)),
                server.tokens.tokens.stream().map(t -> t.roles()).toList());
    }

    @Test
    public void aTokenWithAnUnknownRoleOrNoNameIsRefused() throws Exception {
        HttpResponse<String> role = server.post("/api/tokens", "{\"name\":\"x\",\"roles\":[\"root\"]}");
        assertEquals(400, role.statusCode());
        assertTrue(role.body(), role.body().contains("root"));
        assertEquals(400, server.post("/api/tokens", "{\"roles\":[\"admin\"]}").statusCode());
        assertEquals(
                400,
                server.post("/api/tokens", "{\"name\":\"x\",\"roles\":[\"admin\"],\"expiresIn\":\"soon\"}")
                        .statusCode());
    }

    @Test
    public void revokingAnswers204ThenNotFound() throws Exception {
        server.post("/api/tokens", "{\"name\":\"ci\",\"roles\":[\"admin\"]}");
        assertEquals(204, server.send(server.request("/api/tokens/t0").DELETE()).statusCode());
        HttpResponse<String> again =
                server.send(server.request("/api/tokens/t0").DELETE());
        assertEquals(404, again.statusCode());
        assertEquals("TokenNotFound", TestServer.json(again).at("/error/code").asText());
    }

    @Test
    public void withoutTheAuditLogItsEndpointSaysSo() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/audit").GET());
        assertEquals(503, response.statusCode());
        assertEquals(
                "AuditUnavailable", TestServer.json(response).at("/error/code").asText());
    }

    @Test
    public void hooksWithoutTheTriggersFeatureAnswer503() throws Exception {
        HttpResponse<String> response = server.send(server.anonymous("/api/hooks/x")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(503, response.statusCode());
    }
}
