package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.NonBlocking;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.OperationInvoker;

/** The HTTP connector bundle in real Felix, invoked through the host against a JDK HTTP server on loopback. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpConnectorIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String TOKEN = "it-token-SECRET";

    @Inject
    private BundleContext context;

    @Inject
    private ConnectorCatalog catalog;

    private HttpServer server;
    private final AtomicReference<String> receivedAuthorization = new AtomicReference<>();
    private final AtomicReference<String> receivedQuery = new AtomicReference<>();

    @Configuration
    public Option[] configuration() {
        return new Option[] {
            SwitchboardOptions.host(),
            bundle(SwitchboardOptions.bundlesFolder()
                    .resolve("connector-http.jar")
                    .toAbsolutePath()
                    .toUri()
                    .toString()),
            // the test's own upstream server, inside the framework
            systemPackages("com.sun.net.httpserver")
        };
    }

    @Before
    public void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                receivedAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                receivedQuery.set(exchange.getRequestURI().getRawQuery());
                boolean fail = exchange.getRequestURI().getPath().endsWith("/fail");
                byte[] body = ("{\"path\":\"" + exchange.getRequestURI().getPath() + "\",\"method\":\""
                                + exchange.getRequestMethod() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(fail ? 500 : 201, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        Await.until(
                "the http connector to be ACTIVE",
                WAIT,
                () -> catalog.snapshot().versionsOf("http"),
                versions -> versions.stream().anyMatch(c -> c.state() == ConnectorState.ACTIVE));
    }

    @After
    public void stopServer() {
        server.stop(0);
    }

    @Test
    public void theCatalogListsSendRequestWithItsSchemas() {
        ConnectorEntry entry = catalog.snapshot().versionsOf("http").get(0);
        assertEquals("dev.switchboard.connector-http", entry.bundle().symbolicName());
        assertNotNull(entry.operation("sendRequest").manifest().inputs());
        assertTrue(
                entry.service().properties().connectionParameters().get("token").secure());
    }

    @Test
    public void theConnectorIsRegisteredAsNonBlocking() throws Exception {
        // what @NonBlocking puts on the service: the dispatcher calls it on the caller's thread
        var references =
                context.getServiceReferences(ServiceOperationsProvider.class, "(" + NonBlocking.PROPERTY + "=true)");
        assertTrue(references.stream()
                .anyMatch(r ->
                        "dev.switchboard.connector-http".equals(r.getBundle().getSymbolicName())));
    }

    @Test
    public void sendRequestReachesTheServerWithCredentialsAndQueries() throws Exception {
        ConnectionParameters connection =
                ConnectionParameters.of(Map.of("baseUrl", base() + "/api", "authType", "bearer", "token", TOKEN));
        ObjectNode inputs = MAPPER.createObjectNode().put("method", "POST").put("uri", "items");
        inputs.putObject("queries").put("q", "a b");
        inputs.putObject("body").put("name", "Ada");

        ServiceOperationResponse response = invoke(connection, inputs);
        JsonNode out = response.body();
        assertEquals(201, out.get("statusCode").asInt());
        assertEquals("json", out.get("bodyEncoding").asText());
        assertEquals("/api/items", out.get("body").get("path").asText());
        assertEquals("POST", out.get("body").get("method").asText());
        assertEquals("Bearer " + TOKEN, receivedAuthorization.get());
        assertEquals("q=a%20b", receivedQuery.get());
        assertFalse(out.toString().contains(TOKEN));
    }

    @Test
    public void anUpstream500IsAnOutputNotAFailure() throws Exception {
        ObjectNode inputs = MAPPER.createObjectNode().put("method", "GET").put("uri", base() + "/fail");
        assertEquals(
                500,
                invoke(ConnectionParameters.empty(), inputs)
                        .body()
                        .get("statusCode")
                        .asInt());
    }

    @Test
    public void failuresCarryTheirStatusThroughTheHost() throws Exception {
        InvocationException invalid = failure(
                ConnectionParameters.empty(),
                MAPPER.createObjectNode().put("method", "FETCH").put("uri", base()));
        assertEquals(400, invalid.status());
        assertEquals("InvalidInput", invalid.code());

        InvocationException relative = failure(
                ConnectionParameters.empty(),
                MAPPER.createObjectNode().put("method", "GET").put("uri", "/items"));
        assertEquals(400, relative.status());
        assertEquals("BaseUrlRequired", relative.code());

        InvocationException missing = failure(
                ConnectionParameters.of(Map.of("authType", "basic", "username", "ada")),
                MAPPER.createObjectNode().put("method", "GET").put("uri", base()));
        assertEquals(400, missing.status());
        assertTrue(missing.getMessage(), missing.getMessage().contains("password"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // credentials go to the connection's baseUrl origin only (issue 10): the closed port is that origin
        InvocationException unreachable = failure(
                ConnectionParameters.of(
                        Map.of("baseUrl", "http://127.0.0.1:" + closedPort, "authType", "bearer", "token", TOKEN)),
                MAPPER.createObjectNode().put("method", "GET").put("uri", "http://127.0.0.1:" + closedPort + "/"));
        assertEquals(502, unreachable.status());
        assertEquals("UpstreamUnreachable", unreachable.code());
        assertFalse(unreachable.getMessage().contains(TOKEN));
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The current dispatcher: a configuration change replaces the component, so never keep an old one. */
    private OperationInvoker invoker() {
        ServiceReference<OperationInvoker> ref = context.getServiceReference(OperationInvoker.class);
        assertNotNull("an OperationInvoker is registered", ref);
        return context.getService(ref);
    }

    private ServiceOperationResponse invoke(ConnectionParameters connection, ObjectNode inputs) throws Exception {
        return invoker()
                .invoke(new Invocation("http", null, "sendRequest", connection, ServiceOperationRequest.of(inputs)))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private InvocationException failure(ConnectionParameters connection, ObjectNode inputs) {
        try {
            ServiceOperationResponse r = invoker()
                    .invoke(new Invocation("http", null, "sendRequest", connection, ServiceOperationRequest.of(inputs)))
                    .toCompletableFuture()
                    .join();
            fail("expected a failure, got " + r);
            return null;
        } catch (CompletionException e) {
            assertTrue(
                    "fails only with InvocationException: " + e.getCause(),
                    e.getCause() instanceof InvocationException);
            return (InvocationException) e.getCause();
        }
    }
}
