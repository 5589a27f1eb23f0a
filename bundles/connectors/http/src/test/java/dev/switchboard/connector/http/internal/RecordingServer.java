package dev.switchboard.connector.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server on 127.0.0.1 (port 0) that records every request and answers from per-path handlers. The
 * default handler answers 200 with an empty JSON object.
 */
final class RecordingServer implements AutoCloseable {

    /** What the server received. Header names are lower case. */
    record Received(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    interface Responder {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-http-server");
        t.setDaemon(true);
        return t;
    });
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, Responder> responders = new ConcurrentHashMap<>();
    /** Released when the test ends, so that sleeping handlers stop. */
    final CountDownLatch release = new CountDownLatch(1);

    RecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        headers,
                        body));
                Responder responder = responders.get(exchange.getRequestURI().getPath());
                if (responder == null) {
                    send(exchange, 200, "application/json", "{}".getBytes());
                } else {
                    responder.respond(exchange);
                }
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    RecordingServer on(String path, Responder responder) {
        responders.put(path, responder);
        return this;
    }

    Received next() throws InterruptedException {
        Received r = received.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the server received no request");
        }
        return r;
    }

    /** How many requests were received and not yet taken with {@link #next()}. */
    int unread() {
        return received.size();
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().add("Content-Type", contentType);
        }
        boolean empty = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Streams {@code total} bytes without a Content-Length (chunked). */
    static void stream(HttpExchange exchange, long total) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[8192];
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < total; sent += chunk.length) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the client hung up, as it should
        }
    }

    static void drain(InputStream in) throws IOException {
        in.readAllBytes();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
