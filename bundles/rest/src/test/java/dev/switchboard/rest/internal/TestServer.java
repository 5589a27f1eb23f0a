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

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;

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
    final FakeControl control = new FakeControl();

    private final Server server;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TestServer() throws Exception {
        this(config(USER, BasicAuthenticator.hash(PASSWORD), 1048576L));
    }

    TestServer(RestConfiguration config) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(new RestServlet(config, catalog, invoker, inventory, control));
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    static RestConfiguration config(String username, String passwordHash, long maxRequestBytes) {
        return new RestConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RestConfiguration.class;
            }

            @Override
            public String username() {
                return username;
            }

            @Override
            public String _password_hash() {
                return passwordHash;
            }

            @Override
            public long max_request_bytes() {
                return maxRequestBytes;
            }
        };
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
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

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs without a Content-Length, so the body goes chunked. */
    HttpResponse<String> postChunked(String path, byte[] body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
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
}
