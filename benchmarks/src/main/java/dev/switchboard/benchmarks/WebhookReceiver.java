package dev.switchboard.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The webhook both sides of the trigger benchmark POST to: a JDK {@link HttpServer} on 127.0.0.1 only, in the
 * benchmark's process. Each path {@code /hook/{name}} is one {@link Sink}; it reads every event's {@code id} and
 * {@code t} (the benchmark's {@link System#nanoTime} when the row was inserted, 0 for rows inserted before the
 * measurement) with Jackson's streaming parser, so that it costs both sides the same and as little as possible.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    /** What one path received. */
    static final class Sink {
        private final BitSet seen = new BitSet();
        private long distinct;
        private long duplicates;
        private long posts;
        private long lastArrival;
        private long[] latencies = new long[1 << 12];
        private int latencyCount;

        private synchronized void received(long id, long insertedAt, long now) {
            if (id < 0 || id > Integer.MAX_VALUE) {
                return;
            }
            if (seen.get((int) id)) {
                duplicates++;
                return;
            }
            seen.set((int) id);
            distinct++;
            lastArrival = now;
            if (id > watchAbove && firstAboveAt == 0) {
                firstAboveAt = now;
                notifyAll();
            }
            if (insertedAt > 0) {
                if (latencyCount == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[latencyCount++] = now - insertedAt;
            }
            if (distinct >= awaited) {
                notifyAll();
            }
        }

        private long awaited = Long.MAX_VALUE;
        private long watchAbove = Long.MAX_VALUE;
        private long firstAboveAt;

        /** From now on notes the arrival of the first new event whose id is above {@code id} (a failover's end). */
        synchronized void watchAbove(long id) {
            watchAbove = id;
            firstAboveAt = 0;
        }

        /**
         * Waits (at most {@code timeoutMs}) for the first event above the watched id; returns its arrival
         * ({@link System#nanoTime}).
         *
         * @throws IllegalStateException when none arrived in time
         */
        synchronized long awaitAbove(long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (firstAboveAt == 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException(
                            "no event above id " + watchAbove + " arrived within " + timeoutMs + " ms");
                }
                wait(left);
            }
            return firstAboveAt;
        }

        /**
         * Waits until {@code count} distinct events have arrived, at most {@code timeoutMs}; returns the
         * {@link System#nanoTime} of the last one's arrival.
         *
         * @throws IllegalStateException when they did not arrive in time
         */
        synchronized long await(long count, long timeoutMs) throws InterruptedException {
            awaited = count;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (distinct < count) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException(
                            "only " + distinct + " of " + count + " events arrived within " + timeoutMs + " ms");
                }
                wait(left);
            }
            return lastArrival;
        }

        synchronized long distinct() {
            return distinct;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long posts() {
            return posts;
        }

        private synchronized void post() {
            posts++;
        }

        /** Insert → arrival of the events that carried an insertion time. */
        synchronized Stats latencies() {
            return Stats.of(java.util.Arrays.copyOf(latencies, latencyCount));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Sink> sinks = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/hook/", this::handle);
        server.start();
    }

    /** A new path; its URL is {@link #url(String)}. */
    Sink sink(String name) {
        Sink sink = new Sink();
        sinks.put(name, sink);
        return sink;
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Sink sink = sinks.get(path.substring("/hook/".length()));
            if (sink == null || !"POST".equals(exchange.getRequestMethod())) {
                exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            try (InputStream in = exchange.getRequestBody();
                    JsonParser p = JSON.createParser(in)) {
                read(p, sink);
            }
            sink.post();
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** Every object with an {@code id} field inside {@code events}: its id and t. */
    private static void read(JsonParser p, Sink sink) throws IOException {
        int depth = 0;
        long id = -1;
        long t = 0;
        for (JsonToken token = p.nextToken(); token != null; token = p.nextToken()) {
            switch (token) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> {
                    if (token == JsonToken.END_OBJECT && depth == 3 && id >= 0) {
                        sink.received(id, t, System.nanoTime());
                        id = -1;
                        t = 0;
                    }
                    depth--;
                }
                case FIELD_NAME -> {
                    if (depth == 3) {
                        String name = p.currentName();
                        if ("id".equals(name)) {
                            p.nextToken();
                            id = p.getLongValue();
                        } else if ("t".equals(name)) {
                            p.nextToken();
                            t = p.getLongValue();
                        }
                    }
                }
                default -> {
                    // values of other fields
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
