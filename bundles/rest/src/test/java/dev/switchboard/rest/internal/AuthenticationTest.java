package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;

import org.junit.Test;

import com.fasterxml.jackson.databind.JsonNode;

public class AuthenticationTest {

    @Test
    public void hashIsTheWebConsoleForm() {
        // SHA-256("admin"), Base64
        assertEquals("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=", BasicAuthenticator.hash("admin"));
    }

    @Test
    public void healthNeedsNoCredentials() throws Exception {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> response = server.send(server.anonymous("/api/health").GET());
            assertEquals(200, response.statusCode());
            assertEquals(TestServer.json("{\"status\":\"UP\"}"), TestServer.json(response));
            assertJsonContentType(response);
        }
    }

    @Test
    public void healthNeedsNoCredentialsEvenWhenNoneAreConfigured() throws Exception {
        try (TestServer server = new TestServer(TestServer.config("admin", "", 1024))) {
            assertEquals(200, server.send(server.anonymous("/api/health").GET()).statusCode());
        }
    }

    @Test
    public void missingCredentialsGet401WithChallenge() throws Exception {
        try (TestServer server = new TestServer()) {
            HttpResponse<String> response = server.send(server.anonymous("/api/connectors").GET());
            assertUnauthorized(response);
        }
    }

    @Test
    public void unknownPathsNeedCredentialsToo() throws Exception {
        try (TestServer server = new TestServer()) {
            assertUnauthorized(server.send(server.anonymous("/api/nothing-here").GET()));
        }
    }

    @Test
    public void wrongPasswordOrUserGets401() throws Exception {
        try (TestServer server = new TestServer()) {
            assertUnauthorized(server.send(server.anonymous("/api/connectors")
                    .header("Authorization", TestServer.basic(TestServer.USER, "wrong")).GET()));
            assertUnauthorized(server.send(server.anonymous("/api/connectors")
                    .header("Authorization", TestServer.basic("root", TestServer.PASSWORD)).GET()));
            assertUnauthorized(server.send(server.anonymous("/api/connectors")
                    .header("Authorization", "Basic !!!notbase64").GET()));
            assertUnauthorized(server.send(server.anonymous("/api/connectors")
                    .header("Authorization", "Bearer abc").GET()));
        }
    }

    @Test
    public void rightCredentialsAreAccepted() throws Exception {
        try (TestServer server = new TestServer()) {
            assertEquals(200, server.get("/api/connectors").statusCode());
        }
    }

    @Test
    public void withoutAConfiguredHashEveryAuthenticatedRequestIsRefused() throws Exception {
        try (TestServer server = new TestServer(TestServer.config("admin", "", 1048576))) {
            HttpResponse<String> response = server.get("/api/connectors");
            assertUnauthorized(response);
            assertTrue(TestServer.json(response).at("/error/message").asText().contains("not configured"));
        }
    }

    @Test
    public void aMalformedHashRefusesEveryRequest() throws Exception {
        try (TestServer server = new TestServer(TestServer.config("admin", TestServer.PASSWORD, 1048576))) {
            // the plain password as "hash" must not work as a password
            HttpResponse<String> response = server.get("/api/connectors");
            assertUnauthorized(response);
            String message = TestServer.json(response).at("/error/message").asText();
            assertTrue(message, message.contains("not configured correctly"));
            assertTrue(!message.contains(TestServer.PASSWORD));
        }
    }

    @Test
    public void theHashPrefixIsCaseInsensitive() throws Exception {
        String hash = BasicAuthenticator.hash(TestServer.PASSWORD).replace("{sha-256}", "{SHA-256}");
        try (TestServer server = new TestServer(TestServer.config(TestServer.USER, hash, 1048576))) {
            assertEquals(200, server.get("/api/connectors").statusCode());
        }
    }

    static void assertUnauthorized(HttpResponse<String> response) throws Exception {
        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"Switchboard\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertJsonContentType(response);
        JsonNode error = TestServer.json(response).get("error");
        assertEquals("Unauthorized", error.get("code").asText());
        assertTrue(error.get("message").isTextual());
        assertTrue(error.get("details").isArray());
        assertEquals(0, error.get("details").size());
    }

    static void assertJsonContentType(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase().replace(" ", "");
        assertEquals("application/json;charset=utf-8", type);
    }
}
