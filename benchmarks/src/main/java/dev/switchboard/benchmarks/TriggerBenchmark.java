package dev.switchboard.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The trigger pipeline benchmark: rows of a PostgreSQL table delivered to a local webhook, by the host (the sql
 * connector's {@code whenRowInserted} binding, the event store, the delivery worker) and, as the baseline, by a plain
 * loop in this process that does the same SELECT and POSTs the same batches to the same receiver without any store.
 * <p>
 * Each measurement: a fresh table holding {@code events} rows, drained from the first row (events/s from the start to
 * the arrival of the last one), then, on the same running loop or subscription, rows inserted at a steady rate for a
 * few seconds (insert → arrival, per event). Bounded: every wait has a timeout, every table is dropped.
 */
final class TriggerBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MS = 180_000;

    /** What one measurement saw. */
    record Outcome(long events, double eventsPerSecond, Stats latency, int latencyRate, long duplicates, long posts) {}

    /** The settings both sides use. */
    record Settings(
            String url,
            String user,
            String password,
            int events,
            int warmupEvents,
            int batchSize,
            double pollSeconds,
            int latencyRate,
            int latencySeconds) {

        long pollMillis() {
            return Math.max(50, (long) (pollSeconds * 1000));
        }
    }

    private final Settings settings;
    private final WebhookReceiver receiver;

    TriggerBenchmark(Settings settings, WebhookReceiver receiver) {
        this.settings = settings;
        this.receiver = receiver;
    }

    // --------------------------------------------------------------------------------------------------- baseline

    /** The plain loop: SELECT the next batch, POST it, again; nothing stored. */
    Outcome raw(String name) throws Exception {
        drainRaw(name + "_warm", settings.warmupEvents(), false);
        return drainRaw(name, settings.events(), true);
    }

    private Outcome drainRaw(String name, int events, boolean latency) throws Exception {
        String table = createTable(name, events);
        WebhookReceiver.Sink sink = receiver.sink(name);
        RawLoop loop = new RawLoop(table, receiver.url(name));
        Thread thread = new Thread(loop, "raw-trigger-loop");
        thread.setDaemon(true);
        try {
            long start = System.nanoTime();
            thread.start();
            long end = sink.await(events, TIMEOUT_MS);
            double rate = events / ((end - start) / 1e9);
            long paced = latency ? paced(table, events, sink) : 0;
            loop.stop = true;
            thread.join(TIMEOUT_MS);
            if (loop.failure != null) {
                throw new IllegalStateException("the raw loop failed", loop.failure);
            }
            return new Outcome(
                    events + paced, rate, sink.latencies(), settings.latencyRate(), sink.duplicates(), sink.posts());
        } finally {
            loop.stop = true;
            dropTable(table);
        }
    }

    private final class RawLoop implements Runnable {
        private final String table;
        private final String webhook;
        volatile boolean stop;
        volatile Exception failure;

        RawLoop(String table, String webhook) {
            this.table = table;
            this.webhook = webhook;
        }

        @Override
        public void run() {
            // the same client, version and headers as the host's WebhookSender
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);
            try (Connection c = connect()) {
                long position = 0;
                long sequence = 0;
                String sql = "SELECT * FROM " + table + " WHERE id > ? ORDER BY id";
                while (!stop) {
                    ArrayNode rows = nodes.arrayNode();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setMaxRows(settings.batchSize());
                        ps.setFetchSize(Math.min(settings.batchSize(), 500));
                        ps.setLong(1, position);
                        try (ResultSet rs = ps.executeQuery()) {
                            ResultSetMetaData md = rs.getMetaData();
                            int count = md.getColumnCount();
                            while (rs.next()) {
                                ObjectNode row = rows.addObject();
                                for (int i = 1; i <= count; i++) {
                                    int type = md.getColumnType(i);
                                    if (type == Types.BIGINT || type == Types.INTEGER) {
                                        row.put(md.getColumnLabel(i), rs.getLong(i));
                                    } else {
                                        row.put(md.getColumnLabel(i), rs.getString(i));
                                    }
                                }
                                position = rs.getLong("id");
                            }
                        }
                    }
                    if (!rows.isEmpty()) {
                        ObjectNode envelope = nodes.objectNode();
                        envelope.put("subscriptionId", "raw");
                        envelope.put("sequence", ++sequence);
                        envelope.put("connector", "sql");
                        envelope.put("operation", "whenRowInserted");
                        envelope.set("events", rows);
                        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .header("X-Switchboard-Subscription", "raw")
                                .header("X-Switchboard-Sequence", Long.toString(sequence))
                                .POST(HttpRequest.BodyPublishers.ofString(envelope.toString()))
                                .build();
                        int status = client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                                .get()
                                .statusCode();
                        if (status / 100 != 2) {
                            throw new IllegalStateException("the receiver answered " + status);
                        }
                    }
                    if (rows.size() < settings.batchSize()) {
                        Thread.sleep(settings.pollMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }
    }

    // --------------------------------------------------------------------------------------------------- pipeline

    /** The host's pipeline: a {@code whenRowInserted} subscription with a webhook target. */
    Outcome pipeline(HostProcess host, String name) throws Exception {
        drainPipeline(host, name + "_warm", settings.warmupEvents(), false);
        return drainPipeline(host, name, settings.events(), true);
    }

    private Outcome drainPipeline(HostProcess host, String name, int events, boolean latency) throws Exception {
        String table = createTable(name, events);
        WebhookReceiver.Sink sink = receiver.sink(name);
        String id = null;
        try {
            ObjectNode request = JSON.createObjectNode().put("connector", "sql").put("operation", "whenRowInserted");
            ObjectNode connection = request.putObject("connection")
                    .put("connectionString", settings.url())
                    .put("username", settings.user());
            if (!settings.password().isEmpty()) {
                connection.put("password", settings.password());
            }
            request.putObject("parameters")
                    .put("table", table)
                    .put("keyColumn", "id")
                    .put("batchSize", settings.batchSize())
                    .put("pollSeconds", settings.pollSeconds())
                    .put("includeExisting", true);
            request.putObject("target").put("webhook", receiver.url(name));
            long start = System.nanoTime();
            HttpResponse<String> created = host.post("/api/subscriptions", request.toString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException(
                        "POST /api/subscriptions answered " + created.statusCode() + ": " + created.body());
            }
            id = JSON.readTree(created.body()).path("id").asText();
            long end = latency && System.getenv("BENCH_TRIGGER_TRACE") != null
                    ? traced(host, id, sink, events, start)
                    : sink.await(events, TIMEOUT_MS);
            double rate = events / ((end - start) / 1e9);
            long paced = latency ? paced(table, events, sink) : 0;
            return new Outcome(
                    events + paced, rate, sink.latencies(), settings.latencyRate(), sink.duplicates(), sink.posts());
        } finally {
            if (id != null) {
                host.send(host.request("/api/subscriptions/" + id).DELETE().build());
            }
            dropTable(table);
        }
    }

    /**
     * Waits as {@link WebhookReceiver.Sink#await} does, printing every 200 ms what the subscription emitted (batches
     * stored) and delivered, and what arrived: which side of the store is behind.
     */
    private long traced(HostProcess host, String id, WebhookReceiver.Sink sink, long events, long start)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (sink.distinct() < events && System.nanoTime() < deadline) {
            JsonNode d =
                    JSON.readTree(host.get("/api/subscriptions/" + id).body()).path("delivery");
            System.out.printf(
                    "[trace] %5d ms: emitted %s, delivered %s, pending %s batches; %d events arrived%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    d.path("emitted"),
                    d.path("delivered"),
                    d.path("pending"),
                    sink.distinct());
            Thread.sleep(200);
        }
        return sink.await(events, TIMEOUT_MS);
    }

    // ------------------------------------------------------------------------------------------------------ rows

    /**
     * Inserts {@code latencyRate} rows a second for {@code latencySeconds}, each carrying the insert's
     * {@link System#nanoTime}, and waits until all arrived; returns how many.
     */
    private long paced(String table, long before, WebhookReceiver.Sink sink) throws Exception {
        long total = (long) settings.latencyRate() * settings.latencySeconds();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + "(t, payload) SELECT ?, 'order ' || g || ' shipped to warehouse ' || (g % 97) FROM "
                        + "generate_series(1, ?) g")) {
            long start = System.nanoTime();
            long inserted = 0;
            while (inserted < total) {
                long due = Math.min(total, (long) ((System.nanoTime() - start) / 1e9 * settings.latencyRate()));
                if (due > inserted) {
                    ps.setLong(1, System.nanoTime());
                    ps.setInt(2, (int) (due - inserted));
                    ps.executeUpdate();
                    inserted = due;
                }
                Thread.sleep(5);
            }
        }
        sink.await(before + total, TIMEOUT_MS);
        return total;
    }

    private String createTable(String name, int rows) throws SQLException {
        String table = "bench_" + name + "_" + Long.toHexString(System.nanoTime());
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " t BIGINT NOT NULL, payload TEXT NOT NULL)");
            s.execute("INSERT INTO " + table + "(t, payload) SELECT 0, 'order ' || g || ' shipped to warehouse ' || "
                    + "(g % 97) FROM generate_series(1, " + rows + ") g");
            s.execute("ANALYZE " + table);
        }
        return table;
    }

    private void dropTable(String table) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        } catch (SQLException e) {
            System.err.println("could not drop " + table + ": " + e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }

    /** Fails early, with what to do, when PostgreSQL is not there. */
    void check() {
        try (Connection c = connect()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + settings.url() + " (SWITCHBOARD_TEST_POSTGRES_URL, user "
                    + settings.user() + ") cannot be reached: " + e.getMessage());
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
