package dev.switchboard.rest.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.api.TrafficStatus;
import dev.switchboard.host.internal.views.JacksonViews;

/**
 * The real {@link RestServlet} in an embedded Jetty 11 on a free loopback port, with hand-written fakes of the
 * host's services, and an HTTP client for it.
 */
final class TestServer implements AutoCloseable {

    static final String USER = "admin";
    static final String PASSWORD = "s3cret-pa55";
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeCatalog catalog = new FakeCatalog();
    final FakeInvoker invoker = new FakeInvoker();
    final FakeInventory inventory = new FakeInventory();
    final FakeConnections connections = new FakeConnections();
    final FakeControl control = new FakeControl();
    final FakeTraffic traffic = new FakeTraffic();
    /** Its {@code healthChecks} executor is unset (as before Felix HC starts) until a test sets it. */
    final PublicApiServlet publicServlet = new PublicApiServlet();

    private final Server server;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    final FakeTokens tokens = new FakeTokens();

    TestServer() throws Exception {
        this(config(1048576L));
    }

    TestServer(RestConfiguration config) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // as in the host: both servlets in a context at /api (there the security layer authenticates first)
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/api");
        ServletHolder holder = new ServletHolder(new RestServlet(
                config,
                catalog,
                invoker,
                inventory,
                connections,
                control,
                tokens,
                traffic,
                (id, since, minimum) -> java.util.List.of(),
                new JacksonViews()));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        ServletHolder publicHolder = new ServletHolder(publicServlet);
        publicHolder.setAsyncSupported(true);
        context.addServlet(publicHolder, "/health");
        context.addServlet(publicHolder, "/health/*");
        context.addServlet(publicHolder, "/hooks/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    static RestConfiguration config(long maxRequestBytes) {
        return new RestConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RestConfiguration.class;
            }

            @Override
            public long max_request_bytes() {
                return maxRequestBytes;
            }
        };
    }

    static void assertJsonContentType(HttpResponse<String> response) {
        String type = response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .toLowerCase()
                .replace(" ", "");
        org.junit.Assert.assertEquals("application/json;charset=utf-8", type);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(USER, PASSWORD));
    }

    HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return client.send(request.build(), handler);
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs without a Content-Length, so the body goes chunked. */
    HttpResponse<String> postChunked(String path, byte[] body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    static final class FakeCatalog implements ConnectorCatalog {
        volatile CatalogSnapshot snapshot = new CatalogSnapshot(0, List.of());

        @Override
        public CatalogSnapshot snapshot() {
            return snapshot;
        }
    }

    static final class FakeInvoker implements OperationInvoker {
        final List<Invocation> invocations = new CopyOnWriteArrayList<>();
        volatile Function<Invocation, CompletionStage<ServiceOperationResponse>> behaviour =
                invocation -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(JSON.createObjectNode()));

        @Override
        public CompletionStage<ServiceOperationResponse> invoke(Invocation invocation) {
            invocations.add(invocation);
            return behaviour.apply(invocation);
        }
    }

    static final class FakeInventory implements DeploymentInventory {
        volatile List<Deployment> deployments = new ArrayList<>();

        @Override
        public java.nio.file.Path deployFolder() {
            return java.nio.file.Path.of("deploy");
        }

        @Override
        public List<Deployment> deployments() {
            return deployments;
        }
    }

    /** Keeps connections in a map; masks {@code apiKey}; the real checks are the host's (ConnectionDirectoryTest). */
    static final class FakeConnections implements ConnectionStore {
        final java.util.Map<String, NamedConnection> stored = new java.util.concurrent.ConcurrentSkipListMap<>();
        final java.util.Map<String, java.util.Map<String, Object>> values =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public List<NamedConnection> list() {
            return List.copyOf(stored.values());
        }

        @Override
        public java.util.Optional<NamedConnection> get(String name) {
            return java.util.Optional.ofNullable(stored.get(name));
        }

        @Override
        public NamedConnection put(String name, String connector, java.util.Map<String, Object> parameters) {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvocationException(400, "InvalidConnectionName", "bad name");
            }
            if (parameters.containsKey("unknown")) {
                throw new InvocationException(
                        400,
                        "UnknownConnectionParameter",
                        "Connector '" + connector + "' has no connection parameter 'unknown'.",
                        List.of(new dev.switchboard.host.api.ErrorDetail("unknown", "unknown")),
                        null);
            }
            java.util.Map<String, Object> shown = new java.util.HashMap<>(parameters);
            shown.replaceAll((k, v) -> k.equals("apiKey") ? NamedConnection.MASK : v);
            NamedConnection connection = new NamedConnection(name, connector, shown, null, null);
            stored.put(name, connection);
            values.put(name, new java.util.HashMap<>(parameters));
            return connection;
        }

        @Override
        public boolean delete(String name) {
            values.remove(name);
            return stored.remove(name) != null;
        }

        @Override
        public ConnectionParameters resolve(String name, String connectorId) {
            NamedConnection connection = stored.get(name);
            if (connection == null) {
                throw new InvocationException(
                        404, "ConnectionNotFound", "There is no connection named '" + name + "'.");
            }
            if (!connection.connector().equals(connectorId)) {
                throw new InvocationException(
                        400,
                        "ConnectionMismatch",
                        "Connection '" + name + "' is for " + "connector '" + connection.connector() + "'.");
            }
            return ConnectionParameters.of(values.get(name));
        }
    }

    /** Records rollbacks; fails with {@link #failure} when it is set. */
    static final class FakeControl implements DeploymentControl {
        final List<String> rollbacks = new CopyOnWriteArrayList<>();
        volatile RollbackException failure;

        @Override
        public Rollback rollback(String connectorId) throws RollbackException {
            rollbacks.add(connectorId);
            if (failure != null) {
                throw failure;
            }
            return new Rollback(connectorId, "1.0.0", "2.0.0", connectorId + ".jar");
        }
    }

    /** Splits in a map; a split for connector "nope" is refused as the host refuses an unknown connector. */
    static final class FakeTraffic implements TrafficControl {
        final java.util.Map<String, TrafficStatus> splits = new java.util.concurrent.ConcurrentHashMap<>();
        volatile TrafficException failure;

        @Override
        public TrafficStatus traffic(String connectorId) {
            TrafficStatus status = splits.get(connectorId);
            if (status == null) {
                throw new TrafficException(
                        TrafficException.Reason.NO_SPLIT, null, "Connector " + connectorId + " has no traffic split");
            }
            return status;
        }

        @Override
        public List<TrafficStatus> all() {
            return List.copyOf(splits.values());
        }

        @Override
        public TrafficStatus setTraffic(String connectorId, TrafficSplit split) {
            if (failure != null) {
                throw failure;
            }
            TrafficStatus status = new TrafficStatus(
                    connectorId,
                    split,
                    split.rollbackOn() == null ? null : "2.0.0",
                    split.rollbackOn() == null ? null : "1.0.0",
                    0,
                    0,
                    null);
            splits.put(connectorId, status);
            return status;
        }

        @Override
        public void clearTraffic(String connectorId) {
            if (splits.remove(connectorId) == null) {
                traffic(connectorId);
            }
        }
    }

    /** Tokens in a list; the secret is the id reversed. */
    static final class FakeTokens implements dev.switchboard.security.api.ApiTokens {
        final List<dev.switchboard.security.api.ApiToken> tokens = new CopyOnWriteArrayList<>();

        @Override
        public dev.switchboard.security.api.IssuedToken create(
                String name,
                java.util.Set<dev.switchboard.security.api.Role> roles,
                List<String> connectors,
                Duration expiresIn,
                String createdBy) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must be 1 to 100 characters.");
            }
            java.time.Instant now = java.time.Instant.parse("2026-12-01T00:00:00Z");
            dev.switchboard.security.api.ApiToken token = new dev.switchboard.security.api.ApiToken(
                    "t" + tokens.size(),
                    name,
                    roles,
                    connectors,
                    now,
                    createdBy,
                    expiresIn == null ? null : now.plus(expiresIn));
            tokens.add(token);
            return new dev.switchboard.security.api.IssuedToken(token, "secret-" + token.id());
        }

        @Override
        public List<dev.switchboard.security.api.ApiToken> list() {
            return List.copyOf(tokens);
        }

        @Override
        public boolean revoke(String id) {
            return tokens.removeIf(t -> t.id().equals(id));
        }
    }
}
