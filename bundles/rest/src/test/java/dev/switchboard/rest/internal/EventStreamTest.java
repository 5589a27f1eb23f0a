package dev.switchboard.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import dev.switchboard.host.api.JsonViews;
import dev.switchboard.triggers.api.EventListener;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.Subscriptions;

/**
 * Event streams against a Jetty whose pool has 16 threads: 60 open streams hold none of them, other requests answer,
 * streams beyond the cap get 503 with Retry-After, and deleting the subscription ends its streams.
 */
public class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeSubscriptions subscriptions = new FakeSubscriptions();
    private SubscriptionEndpoints endpoints;
    private Server server;
    private URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @Before
    public void start() throws Exception {
        endpoints = new SubscriptionEndpoints(subscriptions, JsonViews.strictMapper(), new RequestBodyReader(1 << 20));
        ResponseWriter writer = new ResponseWriter(JSON);
        server = new Server(new QueuedThreadPool(16, 4));
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response)
                    throws java.io.IOException {
                String[] path = request.getPathInfo().split("/");
                try {
                    if ("/health".equals(request.getPathInfo())) {
                        writer.json(response, 200, Map.of("status", "UP"));
                    } else {
                        endpoints.events(new ApiCall(request, response, Map.of("id", path[2])));
                    }
                } catch (ApiError e) {
                    writer.error(response, e);
                }
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/api/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @After
    public void stop() throws Exception {
        endpoints.deactivate();
        server.stop();
    }

    private HttpResponse<InputStream> open(String id) throws Exception {
        return client.send(
                HttpRequest.newBuilder(base.resolve("/api/subscriptions/" + id + "/events"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    public void sixtyStreamsHoldNoneOfSixteenThreadsAndEndWhenTheSubscriptionIsDeleted() throws Exception {
        subscriptions.max = 60;
        List<BufferedReader> readers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            HttpResponse<InputStream> response = open("s1");
            assertEquals(200, response.statusCode());
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertEquals(": subscribed to s1", reader.readLine());
            readers.add(reader);
        }
        assertEquals(60, endpoints.openStreams());

        long started = System.nanoTime();
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(base.resolve("/api/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(
                "health took " + (System.nanoTime() - started) / 1_000_000 + " ms",
                System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2));

        HttpResponse<String> refused = client.send(
                HttpRequest.newBuilder(base.resolve("/api/subscriptions/s1/events"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, refused.statusCode());
        assertEquals(
                "TooManyStreams",
                JSON.readTree(refused.body()).path("error").path("code").asText());
        assertEquals("10", refused.headers().firstValue("Retry-After").orElse(null));

        subscriptions.emit(1, JSON.createObjectNode().put("sequence", 1).put("n", 1));
        for (BufferedReader reader : readers) {
            assertEquals("", reader.readLine());
            assertEquals("id: 1", reader.readLine());
            assertEquals("event: batch", reader.readLine());
            assertTrue(reader.readLine().startsWith("data: {"));
        }

        subscriptions.delete("s1");
        for (BufferedReader reader : readers) {
            String line;
            List<String> rest = new ArrayList<>();
            while ((line = reader.readLine()) != null) {
                rest.add(line);
            }
            assertTrue(rest.toString(), rest.contains("event: end"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (endpoints.openStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, endpoints.openStreams());
        assertEquals(0, subscriptions.open.get());
    }

    @Test
    public void aClientThatGoesAwayFreesItsPlace() throws Exception {
        subscriptions.max = 1;
        HttpResponse<InputStream> response = open("s1");
        assertEquals(200, response.statusCode());
        response.body().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // the next batch (or heartbeat) written finds the connection closed
        while (subscriptions.open.get() > 0 && System.nanoTime() < deadline) {
            subscriptions.emit(2, JSON.createObjectNode().put("sequence", 2).put("pad", "x".repeat(65536)));
            Thread.sleep(50);
        }
        assertEquals(0, subscriptions.open.get());
        assertEquals(200, open("s1").statusCode());
    }

    @Test
    public void anUnknownSubscriptionIs404() throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(base.resolve("/api/subscriptions/nope/events"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
    }

    /** One subscription, s1, with a cap on listeners, as the triggers bundle has. */
    static final class FakeSubscriptions implements Subscriptions {
        final List<EventListener> listeners = new CopyOnWriteArrayList<>();
        final AtomicInteger open = new AtomicInteger();
        volatile int max = 64;

        void emit(long sequence, JsonNode batch) {
            listeners.forEach(l -> l.onBatch(sequence, batch));
        }

        @Override
        public AutoCloseable listen(String id, EventListener listener) {
            if (!"s1".equals(id)) {
                throw new SubscriptionException(404, "SubscriptionNotFound", "no " + id);
            }
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                throw new SubscriptionException(503, "TooManyStreams", "too many", 10);
            }
            listeners.add(listener);
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean(true);
            return () -> {
                if (once.compareAndSet(true, false)) {
                    listeners.remove(listener);
                    open.decrementAndGet();
                }
            };
        }

        @Override
        public boolean delete(String id) {
            for (EventListener l : listeners) {
                listeners.remove(l);
                l.closed("the subscription was deleted");
            }
            return true;
        }

        @Override
        public Subscription create(SubscriptionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Subscription> list() {
            return List.of();
        }

        @Override
        public Optional<Subscription> get(String id) {
            return Optional.empty();
        }

        @Override
        public CompletionStage<Void> acceptHook(String id, String token, JsonNode body) {
            throw new UnsupportedOperationException();
        }
    }
}
