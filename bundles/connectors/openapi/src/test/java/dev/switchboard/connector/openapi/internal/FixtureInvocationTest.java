package dev.switchboard.connector.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.http.internal.SharedHttpSender;

/**
 * The 3.1 (GitHub issues) and Swagger 2.0 (Uber) fixtures invoked against a local stub that records what it got:
 * bearer token, API key in the query, OAuth 2 client credentials (one token fetched, then reused).
 */
public class FixtureInvocationTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HttpServer stub;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private SharedHttpSender sender;

    @Before
    public void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String line = exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery())
                        + " auth=" + exchange.getRequestHeaders().getFirst("Authorization");
                seen.add(line + (body.isEmpty() ? "" : " body=" + body));
                byte[] answer = exchange.getRequestURI().getPath().equals("/oauth/token")
                        ? "{\"access_token\":\"tok-1\",\"expires_in\":3600}".getBytes(StandardCharsets.UTF_8)
                        : ("{\"echo\":" + MAPPER.writeValueAsString(line) + "}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(
                        exchange.getRequestURI().getPath().endsWith("/issues")
                                        && exchange.getRequestMethod().equals("POST")
                                ? 201
                                : 200,
                        answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        stub.start();
        sender = Fixtures.sender();
    }

    @After
    public void stop() {
        stub.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + stub.getAddress().getPort();
    }

    private static JsonNode invoke(
            OpenApiConnector connector, String operation, ConnectionParameters connection, String inputs)
            throws Exception {
        return connector
                .invokeOperation(operation, connection, ServiceOperationRequest.of(MAPPER.readTree(inputs)))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .body();
    }

    @Test
    public void theGithubDocumentSendsItsBearerTokenAndBody() throws Exception {
        OpenApiConnector github = Fixtures.connector("github-issues.openapi.yaml", sender);
        ConnectionParameters connection = ConnectionParameters.of(Map.of("baseUrl", base(), "bearer", "ghp_x"));
        JsonNode created = invoke(
                github,
                "issues-create",
                connection,
                "{\"owner\":\"octo cat\",\"repo\":\"hello\",\"body\":{\"title\":\"Bug\",\"labels\":[\"a\"]}}");
        assertEquals(201, created.path("statusCode").asInt());
        assertEquals(
                "POST /repos/octo%20cat/hello/issues auth=Bearer ghp_x body={\"title\":\"Bug\",\"labels\":[\"a\"]}",
                seen.get(0));
        invoke(
                github,
                "issues-list-for-repo",
                connection,
                "{\"owner\":\"o\",\"repo\":\"r\",\"state\":\"all\"," + "\"per_page\":5}");
        assertEquals("GET /repos/o/r/issues?state=all&per_page=5 auth=Bearer ghp_x", seen.get(1));
    }

    @Test
    public void theSwagger20DocumentPutsItsKeyInTheQueryAndFetchesOneClientCredentialsToken() throws Exception {
        String document = new String(Fixtures.bytes("uber.openapi.yaml"), StandardCharsets.UTF_8)
                .replace("https://login.uber.com/oauth/v2/token", base() + "/oauth/token");
        OpenApiDefinition uber = Fixtures.compile("uber.openapi.yaml", document.getBytes(StandardCharsets.UTF_8));
        OpenApiConnector connector = new OpenApiConnector(uber, sender, new TokenCache(sender, Clock.systemUTC()));
        ConnectionParameters connection = ConnectionParameters.of(Map.of(
                "baseUrl",
                base() + "/v1",
                "server_token",
                "s3cr3t",
                "oauthClientId",
                "client",
                "oauthClientSecret",
                "secret"));

        invoke(connector, "getProducts", connection, "{\"latitude\":37.77,\"longitude\":-122.41}");
        assertEquals("GET /v1/products?latitude=37.77&longitude=-122.41&server_token=s3cr3t auth=null", seen.get(0));

        invoke(connector, "getMe", connection, "{}");
        invoke(connector, "getMe", connection, "{}");
        assertTrue(
                seen.get(1),
                seen.get(1)
                        .startsWith("POST /oauth/token auth=Basic Y2xpZW50OnNlY3JldA== "
                                + "body=grant_type=client_credentials&scope=profile"));
        assertEquals("GET /v1/me auth=Bearer tok-1", seen.get(2));
        assertEquals("the token is reused", "GET /v1/me auth=Bearer tok-1", seen.get(3));
        assertEquals(4, seen.size());
    }

    @Test
    public void credentialsGoOnlyToTheBaseUrlsOrigin() throws Exception {
        OpenApiConnector github = Fixtures.connector("github-issues.openapi.yaml", sender);
        // an absolute URL in a path parameter stays a path segment of the base URL's origin
        invoke(
                github,
                "repos-get",
                ConnectionParameters.of(Map.of("baseUrl", base(), "bearer", "t")),
                "{\"owner\":\"http://evil.example\",\"repo\":\"x\"}");
        assertEquals("GET /repos/http%3A%2F%2Fevil.example/x auth=Bearer t", seen.get(0));
        assertEquals("one request, to the stub", 1, seen.size());
    }
}
