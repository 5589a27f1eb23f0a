package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;

/**
 * A connection's credentials go to its baseUrl origin only: two local servers, the connection's and another one,
 * and the other one must never see the Authorization header (nor the API key header).
 */
public class CredentialOriginTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PASSWORD = "pa55-w0rd-SECRET";
    private static final String TOKEN = "t0ken-SECRET-abc";
    private static final String API_KEY = "k3y-SECRET-xyz";

    private RecordingServer own;
    private RecordingServer other;
    private HttpConnector connector;
    private final List<String> seen = new ArrayList<>();

    @Before
    public void start() throws IOException {
        own = new RecordingServer();
        other = new RecordingServer();
        connector = new HttpConnector(new SendRequestAction.Limits(64 * 1024, 5, 10, 2, 4));
    }

    @After
    public void stop() {
        connector.deactivate();
        own.close();
        other.close();
        for (String text : seen) {
            for (String secret : List.of(PASSWORD, TOKEN, API_KEY, b64("ada:" + PASSWORD))) {
                assertFalse("a secret leaked into: " + text, text.contains(secret));
            }
        }
    }

    @Test
    public void anAbsoluteUriToAnotherOriginIsRefusedForEveryKindOfCredentials() throws Exception {
        for (ConnectionParameters connection : List.of(
                params("baseUrl", own.url("/api"), "authType", "basic", "username", "ada", "password", PASSWORD),
                params("baseUrl", own.url("/api"), "authType", "bearer", "token", TOKEN),
                params("baseUrl", own.url("/api"), "authType", "apiKey", "apiKey", API_KEY, "apiKeyHeader", "X-Key"))) {
            ServiceOperationException e = failure(connection, inputs("GET", other.url("/steal")));
            assertEquals(400, e.getStatusCode());
            assertEquals("OriginNotAllowed", e.getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("allowedOrigins"));
            assertTrue(e.getMessage(), e.getMessage().contains("baseUrl"));
        }
        Thread.sleep(100);
        assertEquals("the other server received nothing", 0, other.unread());
        assertEquals(0, own.unread());
    }

    @Test
    public void theBaseUrlOriginItselfMayBeGivenAbsolutelyInAnySpelling() throws Exception {
        ConnectionParameters connection = basicOn(own.url("/api/"));
        for (String uri : List.of(
                own.url("/x"), own.url("/x").replace("http://", "HTTP://"), "http://127.0.0.1:" + own.port() + "/x")) {
            invoke(connection, inputs("GET", uri));
            assertEquals(uri, "Basic " + b64("ada:" + PASSWORD), own.next().header("Authorization"));
        }
    }

    @Test
    public void tricksThatNameTheOwnHostButGoElsewhereAreRefused() throws Exception {
        String ownHostPort = "127.0.0.1:" + own.port();
        String otherHostPort = "127.0.0.1:" + other.port();
        ConnectionParameters connection = basicOn(own.url("/"));
        for (String uri : List.of(
                "http://" + ownHostPort + "@" + otherHostPort + "/", // user info: the host is the other one
                "http://" + otherHostPort + "\\@" + ownHostPort + "/", // backslash
                "http://" + otherHostPort + "#@" + ownHostPort + "/", // fragment
                "http://" + otherHostPort + "/" + ownHostPort, // own origin in the path
                "http://localhost:" + other.port() + "/", // same machine, another port
                "http://127.0.0.1%3a" + own.port() + "/", // encoded colon
                "http://127.0.0.1:" + other.port() + "?" + ownHostPort,
                "//" + otherHostPort + "/x")) { // scheme-relative
            ServiceOperationException e = failure(connection, inputs("GET", uri));
            assertEquals(uri, 400, e.getStatusCode());
        }
        Thread.sleep(100);
        assertEquals("the other server received nothing", 0, other.unread());
    }

    @Test
    public void credentialsWithoutBaseUrlOrListedOriginsGoNowhere() throws Exception {
        ServiceOperationException e =
                failure(params("authType", "bearer", "token", TOKEN), inputs("GET", other.url("/x")));
        assertEquals(400, e.getStatusCode());
        assertEquals("OriginNotAllowed", e.getCode());
        assertTrue(e.getMessage(), e.getMessage().contains("baseUrl"));
        assertTrue(e.getMessage(), e.getMessage().contains("allowedOrigins"));
        Thread.sleep(100);
        assertEquals(0, other.unread());
    }

    @Test
    public void anOriginListedInAllowedOriginsReceivesTheCredentials() throws Exception {
        String otherOrigin = "http://127.0.0.1:" + other.port();
        ConnectionParameters connection = params(
                "baseUrl",
                own.url("/api"),
                "authType",
                "basic",
                "username",
                "ada",
                "password",
                PASSWORD,
                "allowedOrigins",
                "https://unrelated.example, " + otherOrigin + "/");
        invoke(connection, inputs("GET", other.url("/x")));
        assertEquals("Basic " + b64("ada:" + PASSWORD), other.next().header("Authorization"));
        invoke(connection, inputs("GET", "y"));
        assertEquals("/api/y", own.next().rawPath());

        // a listed origin alone, without baseUrl
        invoke(
                params("authType", "bearer", "token", TOKEN, "allowedOrigins", otherOrigin),
                inputs("GET", other.url("/z")));
        assertEquals("Bearer " + TOKEN, other.next().header("Authorization"));

        ServiceOperationException bad = failure(
                params("authType", "bearer", "token", TOKEN, "allowedOrigins", otherOrigin + "/path"),
                inputs("GET", other.url("/z")));
        assertEquals("InvalidConnectionParameter", bad.getCode());
        assertTrue(bad.getMessage(), bad.getMessage().contains("allowedOrigins"));
    }

    @Test
    public void aConnectionWithoutCredentialsMayStillCallAnyOrigin() throws Exception {
        invoke(params("baseUrl", own.url("/")), inputs("GET", other.url("/free")));
        RecordingServer.Received r = other.next();
        assertEquals("/free", r.rawPath());
        assertNull(r.header("Authorization"));
    }

    @Test
    public void aRedirectToAnotherPortIsNotFollowedSoTheCredentialsStayHome() throws Exception {
        own.on("/go", x -> {
            x.getResponseHeaders().add("Location", other.url("/landed"));
            RecordingServer.send(x, 307, null, new byte[0]);
        });
        for (String code : List.of("301", "302", "303", "307", "308")) {
            int status = Integer.parseInt(code);
            own.on("/go" + code, x -> {
                x.getResponseHeaders().add("Location", other.url("/landed"));
                RecordingServer.send(x, status, null, new byte[0]);
            });
            JsonNode out = invoke(basicOn(own.url("/")), inputs("GET", "go" + code));
            assertEquals(status, out.get("statusCode").asInt());
            assertEquals("Basic " + b64("ada:" + PASSWORD), own.next().header("Authorization"));
        }
        Thread.sleep(200);
        assertEquals("the redirect target received nothing", 0, other.unread());
    }

    @Test
    public void loopbackIsRefusedWhenPrivateAddressesAreRefused() throws Exception {
        connector.deactivate();
        connector = new HttpConnector(new SendRequestAction.Limits(64 * 1024, 5, 10, 2, 4, true));
        for (String uri : List.of(
                other.url("/x"), "http://localhost:" + other.port() + "/x", "http://[::1]:" + other.port() + "/x")) {
            ServiceOperationException e = failure(ConnectionParameters.empty(), inputs("GET", uri));
            assertEquals(uri, 403, e.getStatusCode());
            assertEquals(uri, "AddressNotAllowed", e.getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("refuse.private.addresses"));
        }
        Thread.sleep(100);
        assertEquals(0, other.unread());
    }

    // ---- helpers ----

    private ConnectionParameters basicOn(String baseUrl) {
        return params("baseUrl", baseUrl, "authType", "basic", "username", "ada", "password", PASSWORD);
    }

    private static ConnectionParameters params(String... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return ConnectionParameters.of(map);
    }

    private static ObjectNode inputs(String method, String uri) {
        return MAPPER.createObjectNode().put("method", method).put("uri", uri);
    }

    private JsonNode invoke(ConnectionParameters connection, JsonNode inputs) throws Exception {
        ServiceOperationResponse response = connector
                .invokeOperation(HttpConnector.SEND_REQUEST, connection, ServiceOperationRequest.of(inputs))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        seen.add(response.toString());
        return response.body();
    }

    private ServiceOperationException failure(ConnectionParameters connection, JsonNode inputs) throws Exception {
        try {
            ServiceOperationResponse response = connector
                    .invokeOperation(HttpConnector.SEND_REQUEST, connection, ServiceOperationRequest.of(inputs))
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            fail(inputs + ": expected a failure, got " + response);
            return null;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ServiceOperationException operation)) {
                throw new AssertionError("expected a ServiceOperationException", e.getCause());
            }
            seen.add(operation.getMessage());
            return operation;
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
