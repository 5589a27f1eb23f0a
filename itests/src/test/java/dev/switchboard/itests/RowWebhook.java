package dev.switchboard.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook on 127.0.0.1 that counts, per value of one integer column, the trigger events it is sent (so duplicates
 * show), and notes when the first event above a given value arrived: when delivery resumed after a failover.
 */
final class RowWebhook implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String field;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<Long, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong posts = new AtomicLong();
    private volatile long watchAbove = Long.MAX_VALUE;
    private final AtomicLong firstAboveAt = new AtomicLong();

    /** Counts the events' {@code field} values (matched case-insensitively: PostgreSQL folds column names). */
    RowWebhook(String field) throws IOException {
        this.field = field;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                long now = System.nanoTime();
                for (JsonNode event : MAPPER.readTree(in).path("events")) {
                    JsonNode value = event.has(field) ? event.get(field) : event.get(field.toLowerCase());
                    if (value != null) {
                        long v = value.asLong();
                        counts.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                        if (v > watchAbove) {
                            firstAboveAt.compareAndSet(0, now);
                        }
                    }
                }
                posts.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** From now on notes the arrival ({@link System#nanoTime}) of the first event whose value is above {@code v}. */
    void watchAbove(long v) {
        firstAboveAt.set(0);
        watchAbove = v;
    }

    /** When the first event above the watched value arrived; 0 while none has. */
    long firstAboveAt() {
        return firstAboveAt.get();
    }

    /** Distinct values received. */
    int distinct() {
        return counts.size();
    }

    /** Events received, duplicates included. */
    long events() {
        return counts.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    long posts() {
        return posts.get();
    }

    boolean received(long v) {
        return counts.containsKey(v);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "webhook(" + field + ": " + distinct() + " distinct, " + events() + " events, " + posts() + " POSTs)";
    }
}
