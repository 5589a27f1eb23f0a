package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Issue 10, sections 3 and 7 (file connector), replayed against the real launcher: a named http connection's
 * credentials reach its own server only (an absolute uri to another local port is 400 and that server sees no
 * Authorization header; listing the origin in {@code allowedOrigins} lets it through; a redirect to the other port is
 * not followed), and the file connector refuses a hard link to a file outside its root and answers a 300-character
 * path with 400, not 500.
 */
public class ConnectorSecurityE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PASSWORD = "conn-e2e-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
    private static final String BASIC =
            "Basic " + Base64.getEncoder().encodeToString(("ada:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String HTTP_INVOKE = "/api/connectors/http/operations/sendRequest/invoke";

    private static SwitchboardProcess host;
    private static Server own;
    private static Server other;

    /** A local server that keeps the Authorization header of every request (or "none"). */
    private static final class Server {
        final HttpServer http;
        final List<String> authorizations = new CopyOnWriteArrayList<>();

        Server() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    authorizations.add(authorization == null ? "none" : authorization);
                    if (exchange.getRequestURI().getPath().endsWith("/redirect")) {
                        exchange.getResponseHeaders().add("Location", other.origin() + "/landed");
                        exchange.sendResponseHeaders(302, -1);
                        return;
                    }
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            http.start();
        }

        String origin() {
            return "http://127.0.0.1:" + http.getAddress().getPort();
        }
    }

    @BeforeClass
    public static void start() throws Exception {
        own = new Server();
        other = new Server();
        host = SwitchboardProcess.start("switchboard-connector-security").recordResponses();
        host.awaitActive("http", null, java.time.Duration.ofSeconds(30));
        host.awaitActive("file", null, java.time.Duration.ofSeconds(30));
    }

    @AfterClass
    public static void stop() {
        if (host != null) {
            host.kill();
            for (String line : host.output()) {
                assertFalse("the password is never printed: " + line, line.contains(PASSWORD));
            }
            for (String response : host.responses()) {
                assertFalse(
                        "the password is never answered: " + response,
                        response.contains(PASSWORD) || response.contains(BASIC.substring(6)));
            }
        }
        if (own != null) {
            own.http.stop(0);
        }
        if (other != null) {
            other.http.stop(0);
        }
    }

    @Before
    public void clear() {
        own.authorizations.clear();
        other.authorizations.clear();
    }

    private static void putConnection(String name, String allowedOrigins) {
        ObjectNode parameters = MAPPER.createObjectNode()
                .put("baseUrl", own.origin() + "/api")
                .put("authType", "basic")
                .put("username", "ada")
                .put("password", PASSWORD);
        if (allowedOrigins != null) {
            parameters.put("allowedOrigins", allowedOrigins);
        }
        ObjectNode body = MAPPER.createObjectNode().put("connector", "http");
        body.set("parameters", parameters);
        HttpResponse<String> put = host.put("/api/connections/" + name, body.toString());
        assertTrue(put.body(), put.statusCode() == 201 || put.statusCode() == 200);
    }

    private static HttpResponse<String> send(String connection, String uri) {
        ObjectNode body = MAPPER.createObjectNode().put("connection", connection);
        body.putObject("parameters").put("method", "GET").put("uri", uri);
        return host.post(HTTP_INVOKE, body.toString());
    }

    @Test
    public void aNamedConnectionsCredentialsGoOnlyToItsBaseUrlOrigin() throws Exception {
        putConnection("partner-api", null);

        HttpResponse<String> home = send("partner-api", "items");
        assertEquals(home.body(), 200, home.statusCode());
        assertEquals(List.of(BASIC), own.authorizations);

        for (String uri : List.of(
                other.origin() + "/steal",
                "http://localhost:" + other.http.getAddress().getPort() + "/steal",
                "http://127.0.0.1:" + own.http.getAddress().getPort() + "@127.0.0.1:"
                        + other.http.getAddress().getPort() + "/steal")) {
            HttpResponse<String> refused = send("partner-api", uri);
            assertEquals(uri + ": " + refused.body(), 400, refused.statusCode());
            JsonNode error = SwitchboardProcess.json(refused).get("error");
            assertTrue(
                    refused.body(),
                    error.get("message").asText().contains("allowedOrigins")
                            || error.get("message").asText().contains("credentials"));
        }
        HttpResponse<String> refused = send("partner-api", other.origin() + "/steal");
        assertEquals(
                "OriginNotAllowed",
                SwitchboardProcess.json(refused).at("/error/code").asText());
        Thread.sleep(200);
        assertEquals("the other server received nothing", List.of(), other.authorizations);
    }

    @Test
    public void anOriginListedInAllowedOriginsReceivesTheCredentials() {
        putConnection("partner-api-two", other.origin());
        HttpResponse<String> allowed = send("partner-api-two", other.origin() + "/listed");
        assertEquals(allowed.body(), 200, allowed.statusCode());
        assertEquals(List.of(BASIC), other.authorizations);

        HttpResponse<String> listed = host.get("/api/connections/partner-api-two");
        assertEquals(
                other.origin(),
                SwitchboardProcess.json(listed).at("/parameters/allowedOrigins").asText());
        JsonNode declared = SwitchboardProcess.json(host.get("/api/connectors/http"));
        assertTrue(declared.toString(), declared.toString().contains("allowedOrigins"));
    }

    @Test
    public void aRedirectToAnotherPortIsReturnedNotFollowed() throws Exception {
        putConnection("partner-api-redirect", null);
        HttpResponse<String> redirected = send("partner-api-redirect", "/redirect");
        assertEquals(redirected.body(), 200, redirected.statusCode());
        JsonNode out = SwitchboardProcess.json(redirected).get("body");
        assertEquals(302, out.get("statusCode").asInt());
        Thread.sleep(200);
        assertEquals(List.of(), other.authorizations);
    }

    @Test
    public void theFileConnectorRefusesAHardLinkOutOfItsRootAndOverlongPaths() throws Exception {
        Path root = Files.createTempDirectory("connector-security-root");
        Path outside = Files.createTempDirectory("connector-security-outside");
        Files.writeString(outside.resolve("secret.txt"), "hard-linked-secret");
        Files.createLink(root.resolve("innocent.txt"), outside.resolve("secret.txt"));

        JsonNode hardLink = fileError("readFile", MAPPER.createObjectNode().put("path", "innocent.txt"), root, 400);
        assertEquals("HardLinkRefused", hardLink.get("code").asText());
        assertTrue(hardLink.toString(), hardLink.get("message").asText().contains("allow.hard.links"));
        assertFalse(hardLink.toString().contains("hard-linked-secret"));

        String longPath = "p".repeat(300);
        for (String operation : List.of("readFile", "deleteFile")) {
            JsonNode tooLong = fileError(operation, MAPPER.createObjectNode().put("path", longPath), root, 400);
            assertEquals("InvalidPath", tooLong.get("code").asText());
            assertTrue(tooLong.toString(), tooLong.get("message").asText().contains("too long"));
        }
        JsonNode write = fileError(
                "writeFile", MAPPER.createObjectNode().put("path", longPath).put("content", "x"), root, 400);
        assertEquals("InvalidPath", write.get("code").asText());
        JsonNode list = fileError("listFiles", MAPPER.createObjectNode().put("folder", longPath), root, 400);
        assertEquals("InvalidPath", list.get("code").asText());
    }

    private static JsonNode fileError(String operation, ObjectNode parameters, Path root, int status) {
        ObjectNode body = MAPPER.createObjectNode();
        body.putObject("connection").put("rootFolder", root.toString());
        body.set("parameters", parameters);
        HttpResponse<String> r = host.post("/api/connectors/file/operations/" + operation + "/invoke", body.toString());
        assertEquals(operation + ": " + r.body(), status, r.statusCode());
        return SwitchboardProcess.json(r).get("error");
    }
}
