package dev.switchboard.connector.http.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;

public class HttpConnectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_BYTES = 64 * 1024;
    private static final String PASSWORD = "pa55-w0rd-SECRET";
    private static final String TOKEN = "t0ken-SECRET-abc";
    private static final String API_KEY = "k3y-SECRET-xyz";

    private RecordingServer server;
    private HttpConnector connector;
    /** Every output and failure message seen, checked for secrets at the end of each test. */
    private final List<String> seen = new ArrayList<>();

    @Before
    public void start() throws IOException {
        server = new RecordingServer();
        connector = new HttpConnector(new SendRequestAction.Limits(MAX_BYTES, 5, 10, 2, 4));
    }

    @After
    public void stop() {
        connector.deactivate();
        server.close();
        for (String text : seen) {
            for (String secret : List.of(PASSWORD, TOKEN, API_KEY, b64("ada:" + PASSWORD))) {
                assertFalse("a secret leaked into: " + text, text.contains(secret));
            }
        }
    }

    // ---- requests ----

    @Test
    public void everyMethodIsSent() throws Exception {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")) {
            JsonNode out = invoke(none(), inputs(method, server.url("/m")));
            assertEquals(method, server.next().method());
            assertEquals(200, out.get("statusCode").asInt());
            if (method.equals("HEAD")) {
                assertEquals("none", out.get("bodyEncoding").asText());
                assertTrue(out.get("body").isNull());
            } else {
                assertEquals("json", out.get("bodyEncoding").asText());
                assertEquals(MAPPER.createObjectNode(), out.get("body"));
            }
        }
    }

    @Test
    public void theInvocationsTraceGoesOutAsAChildSpan() throws Exception {
        String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        ServiceOperationResponse response = connector
                .invokeOperation(
                        HttpConnector.SEND_REQUEST,
                        none(),
                        new ServiceOperationRequest(inputs("GET", server.url("/t")), Map.of("traceparent", parent)))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        dev.switchboard.connector.api.TraceContext sent = dev.switchboard.connector.api.TraceContext.parse(
                        server.next().header("traceparent"))
                .orElseThrow();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", sent.traceId());
        assertFalse("00f067aa0ba902b7".equals(sent.spanId()));

        invoke(none(), inputs("GET", server.url("/untraced")));
        assertEquals(null, server.next().header("traceparent"));

        ObjectNode given = inputs("GET", server.url("/given"));
        given.putObject("headers").put("traceparent", "00-11111111111111111111111111111111-2222222222222222-00");
        connector
                .invokeOperation(
                        HttpConnector.SEND_REQUEST,
                        none(),
                        new ServiceOperationRequest(given, Map.of("traceparent", parent)))
                .toCompletableFuture()
                .get(20, TimeUnit.SECONDS);
        assertEquals(
                "the caller's own header wins",
                "00-11111111111111111111111111111111-2222222222222222-00",
                server.next().header("traceparent"));
    }

    @Test
    public void headersAndQueriesAreSentEncodedAndMerged() throws Exception {
        ObjectNode in = inputs("GET", server.url("/search?existing=1"));
        in.putObject("headers").put("X-Trace", "abc-123").put("Accept", "application/json");
        ObjectNode queries = in.putObject("queries");
        queries.put("q", "a b&c=d/é");
        queries.put("n", 5);
        queries.put("flag", true);
        queries.putArray("tag").add("x").add("y");
        invoke(none(), in);

        RecordingServer.Received r = server.next();
        assertEquals("/search", r.rawPath());
        assertEquals("existing=1&q=a%20b%26c%3Dd%2F%C3%A9&n=5&flag=true&tag=x&tag=y", r.rawQuery());
        assertEquals("abc-123", r.header("X-Trace"));
        assertEquals("application/json", r.header("Accept"));
    }

    @Test
    public void jsonBodyIsSentAsJson() throws Exception {
        ObjectNode in = inputs("POST", server.url("/items"));
        in.putObject("body").put("name", "Ada").putArray("tags").add(1).add(2);
        invoke(none(), in);
        RecordingServer.Received r = server.next();
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(MAPPER.readTree("{\"name\":\"Ada\",\"tags\":[1,2]}"), MAPPER.readTree(r.body()));

        ObjectNode array = inputs("PUT", server.url("/items"));
        array.putArray("body").add("a");
        invoke(none(), array);
        assertEquals("[\"a\"]", new String(server.next().body(), StandardCharsets.UTF_8));
    }

    @Test
    public void stringBodyIsSentAsTextUnlessTheCallerSaysOtherwise() throws Exception {
        ObjectNode text = inputs("POST", server.url("/t"));
        text.put("body", "héllo");
        invoke(none(), text);
        RecordingServer.Received r = server.next();
        assertEquals("text/plain; charset=UTF-8", r.header("Content-Type"));
        assertEquals("héllo", new String(r.body(), StandardCharsets.UTF_8));

        ObjectNode xml = inputs("POST", server.url("/t"));
        xml.put("body", "<a/>");
        xml.putObject("headers").put("content-type", "application/xml");
        invoke(none(), xml);
        assertEquals("application/xml", server.next().header("Content-Type"));

        ObjectNode jsonString = inputs("POST", server.url("/t"));
        jsonString.put("body", "quoted").put("bodyEncoding", "json");
        invoke(none(), jsonString);
        assertEquals("\"quoted\"", new String(server.next().body(), StandardCharsets.UTF_8));

        byte[] binary = {0, 1, 2, (byte) 0xff};
        ObjectNode base64 = inputs("PUT", server.url("/t"));
        base64.put("body", Base64.getEncoder().encodeToString(binary)).put("bodyEncoding", "base64");
        invoke(none(), base64);
        RecordingServer.Received b = server.next();
        assertEquals("application/octet-stream", b.header("Content-Type"));
        assertEquals(List.of((byte) 0, (byte) 1, (byte) 2, (byte) 0xff), toList(b.body()));
    }

    @Test
    public void noBodyMeansNoContentType() throws Exception {
        invoke(none(), inputs("POST", server.url("/empty")));
        RecordingServer.Received r = server.next();
        assertNull(r.header("Content-Type"));
        assertEquals(0, r.body().length);
    }

    // ---- responses ----

    @Test
    public void responseBodiesAreJsonTextOrBase64() throws Exception {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xfe};
        server.on(
                        "/json",
                        x -> RecordingServer.send(
                                x,
                                200,
                                "application/problem+json; charset=utf-8",
                                "{\"a\":[1,true,null]}".getBytes(StandardCharsets.UTF_8)))
                .on(
                        "/text",
                        x -> RecordingServer.send(
                                x,
                                200,
                                "text/plain; charset=ISO-8859-1",
                                "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)))
                .on("/xml", x -> RecordingServer.send(x, 200, "application/xml", "<a/>".getBytes()))
                .on("/bin", x -> RecordingServer.send(x, 200, "image/png", binary))
                .on("/badjson", x -> RecordingServer.send(x, 200, "application/json", "{nope".getBytes()))
                .on("/untyped", x -> RecordingServer.send(x, 200, null, "plain".getBytes()))
                .on("/empty", x -> RecordingServer.send(x, 204, null, new byte[0]));

        JsonNode json = invoke(none(), inputs("GET", server.url("/json")));
        assertEquals("json", json.get("bodyEncoding").asText());
        assertEquals(MAPPER.readTree("{\"a\":[1,true,null]}"), json.get("body"));
        assertEquals("application/problem+json; charset=utf-8", header(json, "Content-Type"));

        JsonNode text = invoke(none(), inputs("GET", server.url("/text")));
        assertEquals("text", text.get("bodyEncoding").asText());
        assertEquals("café", text.get("body").asText());

        assertEquals(
                "<a/>",
                invoke(none(), inputs("GET", server.url("/xml"))).get("body").asText());

        JsonNode bin = invoke(none(), inputs("GET", server.url("/bin")));
        assertEquals("base64", bin.get("bodyEncoding").asText());
        assertEquals(Base64.getEncoder().encodeToString(binary), bin.get("body").asText());

        JsonNode bad = invoke(none(), inputs("GET", server.url("/badjson")));
        assertEquals("text", bad.get("bodyEncoding").asText());
        assertEquals("{nope", bad.get("body").asText());

        assertEquals(
                "text",
                invoke(none(), inputs("GET", server.url("/untyped")))
                        .get("bodyEncoding")
                        .asText());

        JsonNode empty = invoke(none(), inputs("DELETE", server.url("/empty")));
        assertEquals(204, empty.get("statusCode").asInt());
        assertEquals("none", empty.get("bodyEncoding").asText());
        assertTrue(empty.get("body").isNull());
    }

    @Test
    public void upstreamErrorsAreReturnedAsStatusCodes() throws Exception {
        server.on("/boom", x -> RecordingServer.send(x, 503, "application/json", "{\"error\":\"down\"}".getBytes()))
                .on("/missing", x -> RecordingServer.send(x, 404, "text/plain", "no such thing".getBytes()));
        JsonNode boom = invoke(none(), inputs("GET", server.url("/boom")));
        assertEquals(503, boom.get("statusCode").asInt());
        assertEquals("down", boom.get("body").get("error").asText());
        assertEquals(
                404,
                invoke(none(), inputs("GET", server.url("/missing")))
                        .get("statusCode")
                        .asInt());
    }

    @Test
    public void redirectsAreReturnedNotFollowed() throws Exception {
        server.on("/old", x -> {
            x.getResponseHeaders().add("Location", server.url("/new"));
            RecordingServer.send(x, 302, null, new byte[0]);
        });
        JsonNode out = invoke(bearer(), inputs("GET", server.url("/old")));
        assertEquals(302, out.get("statusCode").asInt());
        assertEquals(server.url("/new"), header(out, "Location"));
        assertEquals("/old", server.next().rawPath());
        Thread.sleep(50);
        assertEquals("only one request was made", 0, drainCount());
    }

    // ---- authentication ----

    @Test
    public void basicAuthentication() throws Exception {
        invoke(basic(), inputs("GET", server.url("/a")));
        assertEquals("Basic " + b64("ada:" + PASSWORD), server.next().header("Authorization"));
    }

    @Test
    public void basicCredentialsMayHoldAnyCharacter() throws Exception {
        invoke(
                params("baseUrl", server.url("/"), "authType", "basic", "username", "zoë", "password", "p€ss"),
                inputs("GET", server.url("/a")));
        assertEquals("Basic " + b64("zoë:p€ss"), server.next().header("Authorization"));
    }

    @Test
    public void bearerAuthentication() throws Exception {
        invoke(bearer(), inputs("GET", server.url("/a")));
        assertEquals("Bearer " + TOKEN, server.next().header("Authorization"));
    }

    @Test
    public void apiKeyAuthenticationWithTheDefaultAndACustomHeader() throws Exception {
        invoke(params("baseUrl", server.url("/"), "authType", "apiKey", "apiKey", API_KEY), inputs("GET", "a"));
        assertEquals(API_KEY, server.next().header("X-API-Key"));

        invoke(
                params(
                        "baseUrl",
                        server.url("/"),
                        "authType",
                        "APIKEY",
                        "apiKey",
                        API_KEY,
                        "apiKeyHeader",
                        "X-Service-Key"),
                inputs("GET", server.url("/a")));
        RecordingServer.Received r = server.next();
        assertEquals(API_KEY, r.header("X-Service-Key"));
        assertNull(r.header("X-API-Key"));
    }

    @Test
    public void noAuthenticationSendsNoCredentialsButLetsTheCallerSendItsOwn() throws Exception {
        invoke(none(), inputs("GET", server.url("/a")));
        assertNull(server.next().header("Authorization"));

        ObjectNode own = inputs("GET", server.url("/a"));
        own.putObject("headers").put("Authorization", "Custom xyz");
        invoke(none(), own);
        assertEquals("Custom xyz", server.next().header("Authorization"));
    }

    @Test
    public void theConnectionsCredentialsWinOverACallersHeader() throws Exception {
        ObjectNode in = inputs("GET", server.url("/a"));
        in.putObject("headers").put("authorization", "Bearer forged");
        invoke(bearer(), in);
        RecordingServer.Received r = server.next();
        assertEquals(List.of("Bearer " + TOKEN), r.headers().get("authorization"));
    }

    @Test
    public void incompleteCredentialsAreRefusedNamingTheParameterNotTheValue() throws Exception {
        ServiceOperationException basic =
                failure(params("authType", "basic", "username", "ada"), inputs("GET", server.url("/a")));
        assertEquals(400, basic.getStatusCode());
        assertEquals("MissingConnectionParameter", basic.getCode());
        assertTrue(basic.getMessage(), basic.getMessage().contains("'password'"));
        assertFalse(basic.getMessage(), basic.getMessage().contains("ada"));

        assertTrue(failure(params("authType", "basic", "password", PASSWORD), inputs("GET", server.url("/a")))
                .getMessage()
                .contains("'username'"));
        assertTrue(failure(params("authType", "bearer"), inputs("GET", server.url("/a")))
                .getMessage()
                .contains("'token'"));
        assertTrue(failure(params("authType", "apiKey", "apiKeyHeader", "X-K"), inputs("GET", server.url("/a")))
                .getMessage()
                .contains("'apiKey'"));

        ServiceOperationException unknown = failure(params("authType", "kerberos"), inputs("GET", server.url("/a")));
        assertEquals("InvalidConnectionParameter", unknown.getCode());
        assertTrue(unknown.getMessage().contains("'authType'"));

        ServiceOperationException badHeader = failure(
                params("authType", "apiKey", "apiKey", API_KEY, "apiKeyHeader", "Bad Header"),
                inputs("GET", server.url("/a")));
        assertEquals(400, badHeader.getStatusCode());
        assertTrue(badHeader.getMessage().contains("'apiKeyHeader'"));

        ServiceOperationException injected = failure(
                params("authType", "bearer", "token", TOKEN + "\r\nX-Evil: 1"), inputs("GET", server.url("/a")));
        assertEquals(400, injected.getStatusCode());
        assertTrue(injected.getMessage().contains("'token'"));
        assertEquals("nothing was sent", 0, drainCount());
    }

    // ---- URLs ----

    @Test
    public void aRelativeUriIsAppendedToTheBaseUrl() throws Exception {
        ConnectionParameters withBase = params("baseUrl", server.url("/api/v1/"));
        invoke(withBase, inputs("GET", "items/7?x=1"));
        RecordingServer.Received r = server.next();
        assertEquals("/api/v1/items/7", r.rawPath());
        assertEquals("x=1", r.rawQuery());

        invoke(params("baseUrl", server.url("/api/v1")), inputs("GET", "/items"));
        assertEquals("/api/v1/items", server.next().rawPath());

        invoke(withBase, inputs("GET", server.url("/elsewhere")));
        assertEquals(
                "an absolute uri ignores the base URL",
                "/elsewhere",
                server.next().rawPath());
    }

    @Test
    public void aRelativeUriWithoutBaseUrlIsRefused() throws Exception {
        ServiceOperationException e = failure(none(), inputs("GET", "/items"));
        assertEquals(400, e.getStatusCode());
        assertEquals("BaseUrlRequired", e.getCode());
        assertTrue(e.getMessage(), e.getMessage().contains("baseUrl"));
    }

    @Test
    public void onlyHttpAndHttpsAreAllowed() throws Exception {
        for (String uri : List.of("ftp://127.0.0.1/x", "file:///etc/passwd", "jar:file:/x!/y")) {
            ServiceOperationException e = failure(none(), inputs("GET", uri));
            assertEquals(uri, 400, e.getStatusCode());
            assertEquals(uri, "UnsupportedScheme", e.getCode());
        }
        assertEquals(
                400,
                failure(params("baseUrl", "ftp://127.0.0.1/"), inputs("GET", "x"))
                        .getStatusCode());
        assertEquals(400, failure(none(), inputs("GET", "http://exa mple.com/")).getStatusCode());
        ServiceOperationException userInfo = failure(none(), inputs("GET", "http://ada:" + PASSWORD + "@127.0.0.1/"));
        assertEquals(400, userInfo.getStatusCode());
        assertEquals(0, drainCount());
    }

    // ---- failures ----

    @Test
    public void aSlowServerTimesOut() throws Exception {
        server.on("/slow", x -> {
            await(server);
            RecordingServer.send(x, 200, "text/plain", "late".getBytes());
        });
        ObjectNode in = inputs("GET", server.url("/slow"));
        in.put("timeoutSeconds", 1);
        ServiceOperationException e = failure(none(), in);
        assertEquals(504, e.getStatusCode());
        assertEquals("UpstreamTimeout", e.getCode());
    }

    @Test
    public void aServerThatStallsInTheBodyTimesOut() throws Exception {
        server.on("/stall", x -> {
            x.getResponseHeaders().add("Content-Type", "text/plain");
            x.sendResponseHeaders(200, 100);
            OutputStream out = x.getResponseBody();
            out.write("partial".getBytes());
            out.flush();
            await(server);
        });
        ObjectNode in = inputs("GET", server.url("/stall"));
        in.put("timeoutSeconds", 1);
        ServiceOperationException e = failure(none(), in);
        assertEquals(504, e.getStatusCode());
        assertEquals("UpstreamTimeout", e.getCode());
    }

    @Test
    public void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ServiceOperationException e = failure(
                params("baseUrl", "http://127.0.0.1:" + port, "authType", "bearer", "token", TOKEN),
                inputs("GET", "http://127.0.0.1:" + port + "/x?secret=" + TOKEN));
        assertEquals(502, e.getStatusCode());
        assertEquals("UpstreamUnreachable", e.getCode());
        assertTrue(e.getMessage(), e.getMessage().contains("127.0.0.1:" + port));
    }

    @Test
    public void aHostThatDoesNotResolveIsReportedAsADnsFailure() throws Exception {
        // .invalid never resolves (RFC 6761); the JDK client fails with a ConnectException caused by the lookup
        ServiceOperationException e = failure(params(), inputs("GET", "http://no-such-host.invalid/x"));
        assertEquals(502, e.getStatusCode());
        assertEquals("UpstreamUnreachable", e.getCode());
        assertTrue(e.getMessage(), e.getMessage().contains("could not resolve host no-such-host.invalid"));
        assertFalse(e.getMessage(), e.getMessage().contains("connection refused"));
    }

    @Test
    public void anOversizeResponseIsRefused() throws Exception {
        server.on(
                        "/announced",
                        x -> RecordingServer.send(x, 200, "application/octet-stream", new byte[(int) MAX_BYTES + 1]))
                .on("/streamed", x -> RecordingServer.stream(x, 50L * 1024 * 1024))
                .on("/exact", x -> RecordingServer.send(x, 200, "application/octet-stream", new byte[(int) MAX_BYTES]));

        ServiceOperationException announced = failure(none(), inputs("GET", server.url("/announced")));
        assertEquals(502, announced.getStatusCode());
        assertEquals("ResponseTooLarge", announced.getCode());

        ServiceOperationException streamed = failure(none(), inputs("GET", server.url("/streamed")));
        assertEquals(502, streamed.getStatusCode());
        assertEquals("ResponseTooLarge", streamed.getCode());

        JsonNode exact = invoke(none(), inputs("GET", server.url("/exact")));
        assertEquals(
                Base64.getEncoder().encodeToString(new byte[(int) MAX_BYTES]),
                exact.get("body").asText());
    }

    @Test
    public void invalidInputsAreRefused() throws Exception {
        ObjectNode restricted = inputs("GET", server.url("/a"));
        restricted.putObject("headers").put("Host", "evil.example");
        assertEquals("RestrictedHeader", failure(none(), restricted).getCode());

        ObjectNode crlf = inputs("GET", server.url("/a"));
        crlf.putObject("headers").put("X-Secret", TOKEN + "\r\nX-Evil: 1");
        ServiceOperationException e = failure(none(), crlf);
        assertEquals(400, e.getStatusCode());
        assertTrue(e.getMessage().contains("X-Secret"));

        ObjectNode notLatin1 = inputs("GET", server.url("/a"));
        notLatin1.putObject("headers").put("X-Secret", "\u20ac" + TOKEN);
        ServiceOperationException euro = failure(none(), notLatin1);
        assertEquals(400, euro.getStatusCode());
        assertTrue(euro.getMessage().contains("X-Secret"));
        assertEquals(
                400,
                failure(params("authType", "bearer", "token", "\u20ac" + TOKEN), inputs("GET", server.url("/a")))
                        .getStatusCode());

        ObjectNode tooLong = inputs("GET", server.url("/a"));
        tooLong.put("timeoutSeconds", 11);
        assertEquals(400, failure(none(), tooLong).getStatusCode());

        assertEquals(400, failure(none(), inputs("TRACE", server.url("/a"))).getStatusCode());

        ObjectNode nested = inputs("GET", server.url("/a"));
        nested.putObject("queries").putObject("deep").put("x", 1);
        assertEquals(400, failure(none(), nested).getStatusCode());

        ObjectNode badBase64 = inputs("POST", server.url("/a"));
        badBase64.putObject("body").put("x", 1);
        badBase64.put("bodyEncoding", "base64");
        assertEquals(400, failure(none(), badBase64).getStatusCode());
        assertEquals(0, drainCount());
    }

    @Test
    public void anUnknownOperationIs404() throws Exception {
        ExecutionException e = expectFailure(
                connector.invokeOperation("nope", none(), ServiceOperationRequest.of(inputs("GET", server.url("/a")))));
        assertEquals(404, ((ServiceOperationException) e.getCause()).getStatusCode());
    }

    @Test
    public void stoppingAnswersPendingCallsAndRefusesNewOnes() throws Exception {
        server.on("/slow", x -> {
            await(server);
            RecordingServer.send(x, 200, "text/plain", "late".getBytes());
        });
        CompletionStage<ServiceOperationResponse> pending = connector.invokeOperation(
                HttpConnector.SEND_REQUEST, none(), ServiceOperationRequest.of(inputs("GET", server.url("/slow"))));
        server.next(); // the request is in flight
        connector.deactivate();
        ExecutionException e = expectFailure(pending);
        assertEquals(503, ((ServiceOperationException) e.getCause()).getStatusCode());
        assertEquals("ShuttingDown", ((ServiceOperationException) e.getCause()).getCode());
        assertEquals(503, failure(none(), inputs("GET", server.url("/a"))).getStatusCode());
    }

    // ---- clients and manifest ----

    @Test
    public void oneClientPerDistinctConnectionBounded() throws Exception {
        invoke(none(), inputs("GET", server.url("/a")));
        invoke(none(), inputs("GET", server.url("/b")));
        assertEquals(1, connector.cachedClients());
        invoke(bearer(), inputs("GET", server.url("/a")));
        assertEquals(2, connector.cachedClients());
        for (int i = 0; i < 6; i++) {
            invoke(params("baseUrl", server.url("/"), "authType", "bearer", "token", TOKEN + i), inputs("GET", "a"));
        }
        assertEquals("bounded by max.clients", 4, connector.cachedClients());
    }

    @Test
    public void theManifestDescribesSendRequest() {
        assertEquals("http", connector.getService().name());
        Map<String, ConnectionParameter> declared =
                connector.getService().properties().connectionParameters();
        assertEquals(
                List.of(
                        "baseUrl",
                        "authType",
                        "username",
                        "password",
                        "token",
                        "apiKeyHeader",
                        "apiKey",
                        "allowedOrigins"),
                new ArrayList<>(declared.keySet()));
        for (String secret : List.of("password", "token", "apiKey")) {
            assertTrue(secret, declared.get(secret).secure());
        }
        assertTrue(declared.values().stream().noneMatch(ConnectionParameter::required));

        List<ServiceOperation> expanded = connector.getOperations(true);
        assertEquals(1, expanded.size());
        assertEquals("sendRequest", expanded.get(0).name());
        JsonNode inputs = expanded.get(0).manifest().inputs();
        assertEquals(10, inputs.at("/properties/timeoutSeconds/maximum").asInt());
        assertEquals(7, inputs.at("/properties/method/enum").size());
        assertNotNull(expanded.get(0).manifest().outputs());
        assertNull(connector.getOperations(false).get(0).manifest());
    }

    @Test
    public void theConnectionNeverShowsItsSecrets() {
        String text = HttpConnection.from(params(
                        "authType",
                        "basic",
                        "username",
                        "ada",
                        "password",
                        PASSWORD,
                        "baseUrl",
                        "https://api.example.com/v1"))
                .toString();
        assertTrue(text, text.contains("basic"));
        seen.add(text);
        seen.add(HttpConnection.from(bearer()).toString());
        seen.add(HttpConnection.from(params("authType", "apiKey", "apiKey", API_KEY))
                .toString());
    }

    // ---- helpers ----

    private ConnectionParameters none() {
        return ConnectionParameters.empty();
    }

    private ConnectionParameters basic() {
        return params("baseUrl", server.url("/"), "authType", "basic", "username", "ada", "password", PASSWORD);
    }

    private ConnectionParameters bearer() {
        return params("baseUrl", server.url("/"), "authType", "bearer", "token", TOKEN);
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
        assertEquals(200, response.statusCode());
        seen.add(response.toString());
        return response.body();
    }

    private ServiceOperationException failure(ConnectionParameters connection, JsonNode inputs) throws Exception {
        ExecutionException e = expectFailure(
                connector.invokeOperation(HttpConnector.SEND_REQUEST, connection, ServiceOperationRequest.of(inputs)));
        if (!(e.getCause() instanceof ServiceOperationException operation)) {
            throw new AssertionError("expected a ServiceOperationException", e.getCause());
        }
        seen.add(operation.getMessage());
        return operation;
    }

    private static ExecutionException expectFailure(CompletionStage<ServiceOperationResponse> stage)
            throws InterruptedException, TimeoutException {
        try {
            ServiceOperationResponse response = stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
            fail("expected a failure, got " + response);
            return null;
        } catch (ExecutionException e) {
            return e;
        }
    }

    private static String header(JsonNode output, String name) {
        for (var it = output.get("headers").fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue().asText();
            }
        }
        return null;
    }

    private int drainCount() {
        return server.unread();
    }

    private static void await(RecordingServer server) {
        try {
            server.release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
