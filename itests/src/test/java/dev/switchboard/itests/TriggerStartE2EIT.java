package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Assume;
import org.junit.Test;

/**
 * Issue 11, section 1, on the real launcher: a subscription's start is fixed before the 201, so what happens right
 * after it, and while the host is down before the first delivery (kill -9), is delivered after the restart: sql
 * whenRowInserted on H2 and on PostgreSQL, file whenFileCreated. A source that cannot be read at subscribe time refuses
 * the subscription; one that cannot be read after a restart shows FAILING with the reason, opens no Hikari pool per
 * retry, and delivers once it is back.
 */
public class TriggerStartE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SwitchboardProcess host;
    private HttpServer receiver;
    private TcpProxy proxy;

    @After
    public void tearDown() {
        if (host != null) {
            host.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        if (proxy != null) {
            proxy.stop();
        }
    }

    /** Counts every event's {@code field} value it is sent. */
    private String startReceiver(String field, Map<String, AtomicInteger> counts) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                for (JsonNode event : MAPPER.readTree(in).path("events")) {
                    JsonNode value = event.has(field) ? event.get(field) : event.get(field.toLowerCase());
                    if (value != null) {
                        counts.computeIfAbsent(value.asText(), k -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private JsonNode subscribe(ObjectNode request) {
        HttpResponse<String> created = host.post("/api/subscriptions", request.toString());
        assertEquals(created.body(), 201, created.statusCode());
        return SwitchboardProcess.json(created);
    }

    private JsonNode awaitSubscription(String id, java.util.function.Predicate<JsonNode> done, Duration timeout) {
        return Await.until(
                "subscription " + id,
                timeout,
                () -> {
                    HttpResponse<String> r = host.get("/api/subscriptions/" + id);
                    return r.statusCode() == 200 ? SwitchboardProcess.json(r) : null;
                },
                s -> s != null && done.test(s));
    }

    private void hostSql(ObjectNode connection, String query) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("connection", connection);
        body.putObject("parameters").put("query", query);
        HttpResponse<String> r = host.post("/api/connectors/sql/operations/executeNonQuery/invoke", body.toString());
        assertEquals(r.body(), 200, r.statusCode());
    }

    private static void jdbc(String url, String user, String password, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private ObjectNode rowTrigger(ObjectNode connection, String table, String webhook) {
        ObjectNode request = MAPPER.createObjectNode().put("connector", "sql").put("operation", "whenRowInserted");
        request.set("connection", connection);
        // the first poll runs at once, the next 5 s later: the rows inserted right after the 201 come after it
        request.putObject("parameters")
                .put("table", table)
                .put("keyColumn", "id")
                .put("batchSize", 50)
                .put("pollSeconds", 5)
                .put("includeExisting", false);
        request.putObject("target").put("webhook", webhook);
        return request;
    }

    /**
     * Asserts that every row with {@code v} in {@code 1001..1000+afterCreate} (inserted right after the 201) and
     * {@code 2001..2000+whileDown} (inserted while the host was down) was delivered, and none of {@code v} 1..3 (there
     * before the subscription); prints the duplicates. Rows are told apart by {@code v}, not by their key: H2 may skip
     * identity values after kill -9.
     */
    private static void assertDelivered(
            String what, Map<String, AtomicInteger> counts, int afterCreate, int whileDown) {
        int total = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println(what + ": expected " + (afterCreate + whileDown) + " distinct, delivered " + counts.size()
                + " distinct in " + total + " deliveries (" + (total - counts.size()) + " duplicates)");
        for (int v = 1001; v <= 1000 + afterCreate; v++) {
            assertTrue(what + ": row v=" + v + " (right after the 201) delivered", counts.containsKey("" + v));
        }
        for (int v = 2001; v <= 2000 + whileDown; v++) {
            assertTrue(what + ": row v=" + v + " (while down) delivered", counts.containsKey("" + v));
        }
        for (int v = 1; v <= 3; v++) {
            assertFalse(what + ": row v=" + v + " existed before the subscription", counts.containsKey("" + v));
        }
    }

    @Test
    public void sqlOnH2RowsRightAfterThe201AndWhileKilledAreDelivered() throws Exception {
        host = SwitchboardProcess.start("trigger-start-h2");
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        String webhook = startReceiver("V", counts);
        // H2 file databases live in $SWITCHBOARD_HOME/data/h2; WRITE_DELAY=0: kill -9 takes no committed INSERT along
        ObjectNode connection = MAPPER.createObjectNode()
                .put("connectionString", "jdbc:h2:file:startdb;WRITE_DELAY=0")
                .put("username", "sa")
                .put("password", "start-pw");
        hostSql(connection, "CREATE TABLE inserted(id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
        hostSql(connection, "INSERT INTO inserted(v) SELECT X FROM SYSTEM_RANGE(1, 3)");

        JsonNode created = subscribe(rowTrigger(connection, "inserted", webhook));
        hostSql(connection, "INSERT INTO inserted(v) SELECT X FROM SYSTEM_RANGE(1001, 1100)"); // at once
        host.kill();
        System.out.println("H2: start " + created.path("start") + "; delivered before kill -9: " + counts.size());
        assertEquals(
                "the start is the maximum key at subscribe time",
                "3",
                created.path("start").path("checkpoint").asText());
        assertEquals(
                "stored as the first checkpoint",
                "3",
                created.path("checkpoint").asText());

        Path db = host.home().resolve("data").resolve("h2").resolve("startdb");
        jdbc(
                "jdbc:h2:file:" + db + ";WRITE_DELAY=0",
                "sa",
                "start-pw",
                "INSERT INTO inserted(v) SELECT X FROM SYSTEM_RANGE(2001, 2100)"); // while down
        host.start();
        String id = created.path("id").asText();
        Await.until("200 rows delivered", Duration.ofSeconds(90), counts::size, n -> n >= 200);
        JsonNode after =
                awaitSubscription(id, s -> s.path("delivery").path("pending").asLong() == 0, Duration.ofSeconds(30));
        assertDelivered("H2", counts, 100, 100);
        assertEquals("3", after.path("start").path("checkpoint").asText());
    }

    @Test
    public void sqlOnPostgresqlRowsRightAfterThe201AndWhileKilledAreDelivered() throws Exception {
        String url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            System.out.println("SKIPPED TriggerStartE2EIT on PostgreSQL: SWITCHBOARD_TEST_POSTGRES_URL is not set");
            Assume.assumeTrue("SWITCHBOARD_TEST_POSTGRES_URL is not set", false);
        }
        String user = env("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");
        String password = env("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
        String table = "start_" + Long.toHexString(System.nanoTime());
        jdbc(
                url,
                user,
                password,
                "CREATE TABLE " + table + " (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY," + " v INT)",
                "INSERT INTO " + table + "(v) SELECT generate_series(1, 3)");
        try {
            host = SwitchboardProcess.start("trigger-start-pg");
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            String webhook = startReceiver("V", counts);
            ObjectNode connection =
                    MAPPER.createObjectNode().put("connectionString", url).put("username", user);
            if (!password.isEmpty()) {
                connection.put("password", password);
            }
            JsonNode created = subscribe(rowTrigger(connection, table, webhook));
            jdbc(url, user, password, "INSERT INTO " + table + "(v) SELECT generate_series(1001, 1300)"); // at once
            host.kill();
            System.out.println(
                    "PostgreSQL: start " + created.path("start") + "; delivered before kill -9: " + counts.size());
            assertEquals("3", created.path("start").path("checkpoint").asText());
            jdbc(url, user, password, "INSERT INTO " + table + "(v) SELECT generate_series(2001, 2100)"); // while down
            host.start();
            Await.until("400 rows delivered", Duration.ofSeconds(90), counts::size, n -> n >= 400);
            assertDelivered("PostgreSQL", counts, 300, 100);
        } finally {
            jdbc(url, user, password, "DROP TABLE " + table);
        }
    }

    @Test
    public void fileFilesRightAfterThe201AndWhileKilledAreDelivered() throws Exception {
        Path root = Files.createTempDirectory("trigger-start-files");
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(inbox.resolve("existing-" + i + ".csv"), "old");
        }
        host = SwitchboardProcess.start("trigger-start-file");
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        String webhook = startReceiver("path", counts);
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.putObject("connection").put("rootFolder", root.toString());
        request.putObject("parameters")
                .put("folder", "inbox")
                .put("pattern", "*.csv")
                .put("pollSeconds", 5);
        request.putObject("target").put("webhook", webhook);
        JsonNode created = subscribe(request);
        for (int i = 1; i <= 20; i++) {
            Files.writeString(inbox.resolve("after-" + i + ".csv"), "new"); // at once
        }
        host.kill();
        System.out.println("file: start " + created.path("start") + "; delivered before kill -9: " + counts.size());
        JsonNode start =
                MAPPER.readTree(created.path("start").path("checkpoint").asText());
        assertTrue(start.toString(), start.path("names").has("existing-1.csv"));
        for (int i = 1; i <= 20; i++) {
            Files.writeString(inbox.resolve("down-" + i + ".csv"), "new"); // while down
        }
        host.start();
        Await.until("40 files delivered", Duration.ofSeconds(90), counts::size, n -> n >= 40);
        Thread.sleep(1000);
        int total = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("file: delivered " + counts.size() + " distinct in " + total + " deliveries ("
                + (total - counts.size()) + " duplicates)");
        for (int i = 1; i <= 20; i++) {
            assertTrue(counts.containsKey("inbox/after-" + i + ".csv"));
            assertTrue(counts.containsKey("inbox/down-" + i + ".csv"));
        }
        assertFalse("existing files are not new", counts.keySet().stream().anyMatch(p -> p.contains("existing")));
    }

    @Test
    public void anUnreachableDatabaseRefusesTheSubscriptionOrShowsFailingOnOnePool() throws Exception {
        host = SwitchboardProcess.create("trigger-start-unreachable");
        host.deployText("trigger.backoff.max.ms=3000\n", "dev.switchboard.connector.sql.cfg");
        host.start();
        host.awaitActive("sql", null, Duration.ofSeconds(60));
        // at subscribe time: nothing listens on port 1
        ObjectNode nowhere = MAPPER.createObjectNode()
                .put("connectionString", "jdbc:postgresql://127.0.0.1:1/nowhere")
                .put("username", "nobody");
        HttpResponse<String> refused = host.post(
                "/api/subscriptions",
                rowTrigger(nowhere, "t", "http://127.0.0.1:9/hook").toString());
        System.out.println("UNREACHABLE at subscribe: " + refused.statusCode() + " " + refused.body());
        assertEquals(refused.body(), 503, refused.statusCode());
        JsonNode error = SwitchboardProcess.json(refused).path("error");
        assertEquals("DatabaseUnavailable", error.path("code").asText());
        assertTrue(error.toString(), error.path("message").asText().contains("could not be reached"));
        assertFalse(error.toString(), error.toString().contains("127.0.0.1"));
        assertEquals(0, host.getJson("/api/subscriptions").size());

        // after a restart, while the database is away: through a proxy to PostgreSQL that the test closes
        String url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            System.out.println(
                    "SKIPPED the FAILING part of TriggerStartE2EIT: SWITCHBOARD_TEST_POSTGRES_URL is not set");
            return;
        }
        String user = env("SWITCHBOARD_TEST_POSTGRES_USER", "postgres");
        String password = env("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
        URI pg = URI.create(url.substring("jdbc:".length()));
        proxy = new TcpProxy(pg.getHost(), pg.getPort() < 0 ? 5432 : pg.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + pg.getPath();
        String table = "failing_" + Long.toHexString(System.nanoTime());
        jdbc(
                url,
                user,
                password,
                "CREATE TABLE " + table + " (id INT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY," + " v INT)");
        try {
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            String webhook = startReceiver("id", counts);
            ObjectNode connection =
                    MAPPER.createObjectNode().put("connectionString", proxied).put("username", user);
            if (!password.isEmpty()) {
                connection.put("password", password);
            }
            ObjectNode request = rowTrigger(connection, table, webhook);
            ((ObjectNode) request.get("parameters")).put("pollSeconds", 0.5);
            String id = subscribe(request).path("id").asText();
            proxy.stop();
            host.kill();
            int from = host.output().size();
            host.start();
            JsonNode failing =
                    awaitSubscription(id, s -> "FAILING".equals(s.path("state").asText()), Duration.ofSeconds(30));
            System.out.println("UNREACHABLE after restart: " + failing);
            assertTrue(failing.toString(), failing.path("reason").asText().contains("could not be reached"));
            Thread.sleep(8000); // several retries
            List<String> since =
                    List.copyOf(host.output().subList(from, host.output().size()));
            long poolsOpened = since.stream()
                    .filter(l -> l.contains("switchboard-sql-") && l.contains("Starting"))
                    .count();
            long warnings = since.stream()
                    .filter(l -> l.contains("sqlRowTrigger of subscription " + id))
                    .count();
            System.out.println(
                    "UNREACHABLE: Hikari pools started while down " + poolsOpened + ", warnings " + warnings);
            assertTrue("at most one pool while the database is away: " + poolsOpened, poolsOpened <= 1);
            assertTrue("one warning, not one per retry: " + warnings, warnings <= 2);
            assertEquals(
                    "FAILING",
                    host.getJson("/api/subscriptions/" + id).path("state").asText());

            proxy.start();
            jdbc(url, user, password, "INSERT INTO " + table + "(v) SELECT generate_series(1, 10)");
            Await.until("rows after the database is back", Duration.ofSeconds(30), counts::size, n -> n >= 10);
            awaitSubscription(
                    id,
                    s -> "ACTIVE".equals(s.path("state").asText())
                            && s.path("reason").isMissingNode(),
                    Duration.ofSeconds(10));
        } finally {
            jdbc(url, user, password, "DROP TABLE " + table);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    /** A TCP forwarder on a fixed local port that can be stopped (connections cut) and started again. */
    private static final class TcpProxy {
        private final String targetHost;
        private final int targetPort;
        private final int port;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final List<Thread> threads = new CopyOnWriteArrayList<>();
        private volatile ServerSocket server;

        TcpProxy(String targetHost, int targetPort) throws IOException {
            this.targetHost = targetHost;
            this.targetPort = targetPort;
            try (ServerSocket probe = new ServerSocket(0)) {
                this.port = probe.getLocalPort();
            }
            start();
        }

        int port() {
            return port;
        }

        void start() throws IOException {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            server = s;
            Thread accept = new Thread(
                    () -> {
                        while (!s.isClosed()) {
                            try {
                                Socket client = s.accept();
                                Socket upstream = new Socket(targetHost, targetPort);
                                sockets.add(client);
                                sockets.add(upstream);
                                pump(client, upstream);
                                pump(upstream, client);
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "proxy-accept");
            accept.setDaemon(true);
            accept.start();
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(
                    () -> {
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // cut
                        } finally {
                            close(from);
                            close(to);
                        }
                    },
                    "proxy-pump");
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }

        void stop() {
            close(server);
            sockets.forEach(TcpProxy::close);
            sockets.clear();
        }

        private static void close(java.io.Closeable c) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
