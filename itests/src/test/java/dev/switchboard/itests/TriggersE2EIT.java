package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Test;

/**
 * Triggers end to end on the real launcher: sqlRowTrigger through a kill -9 (the acceptance test), webhook retry and
 * dead-letter with the request connector's hook URL, the schedule connector's timer read over the SSE stream, and a
 * subscription that waits (WAITING, with its reason, also in the console's Subscriptions table) while its connector's
 * bundle is stopped and resumes (ACTIVE) when it is started again.
 */
public class TriggersE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int ROWS = 1000;

    private SwitchboardProcess host;
    private HttpServer receiver;

    @After
    public void tearDown() {
        if (host != null) {
            host.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A webhook receiver: counts every row id it is sent; answers {@code status} after {@code delayMs}. */
    private String startReceiver(Map<Integer, AtomicInteger> counts, AtomicInteger batches, int status, long delayMs)
            throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = MAPPER.readTree(in);
                batches.incrementAndGet();
                if (status == 200) {
                    for (JsonNode event : body.path("events")) {
                        if (event.has("ID")) {
                            counts.computeIfAbsent(event.get("ID").asInt(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                    }
                }
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private JsonNode subscribe(ObjectNode body) {
        HttpResponse<String> created = host.post("/api/subscriptions", body.toString());
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

    private void sql(ObjectNode connection, String query) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("connection", connection);
        body.putObject("parameters").put("query", query);
        HttpResponse<String> r = host.post("/api/connectors/sql/operations/executeNonQuery/invoke", body.toString());
        assertEquals(r.body(), 200, r.statusCode());
    }

    @Test
    public void sqlRowTriggerDeliversEveryRowThroughKillDashNine() throws Exception {
        host = SwitchboardProcess.start("triggers-crash");
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicInteger batches = new AtomicInteger();
        String webhook = startReceiver(counts, batches, 200, 25);
        // the table lives in the host process too: without WRITE_DELAY=0, H2 writes a commit up to 500 ms later, so
        // kill -9 could take the last INSERT with it, and rows that no longer exist cannot be delivered. H2 file
        // databases live in the sql connector's folder, $SWITCHBOARD_HOME/data/h2
        ObjectNode connection = MAPPER.createObjectNode().put("connectionString", "jdbc:h2:file:crashdb;WRITE_DELAY=0");
        sql(connection, "CREATE TABLE inserted(id INT AUTO_INCREMENT PRIMARY KEY, v INT)");

        ObjectNode request = MAPPER.createObjectNode().put("connector", "sql").put("operation", "whenRowInserted");
        request.set("connection", connection);
        request.putObject("parameters")
                .put("table", "inserted")
                .put("keyColumn", "id")
                .put("batchSize", 10)
                .put("pollSeconds", 0.1);
        request.putObject("target").put("webhook", webhook);
        String id = subscribe(request).get("id").asText();
        awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));

        for (int i = 0; i < ROWS / 100; i++) {
            sql(connection, "INSERT INTO inserted(v) SELECT X FROM SYSTEM_RANGE(1, 100)");
        }
        Await.until("300 rows delivered", Duration.ofSeconds(60), counts::size, n -> n >= 300);
        host.kill();
        int atKill = counts.size();
        System.out.println("CRASH TEST: killed with kill -9 after " + atKill + " distinct rows");
        assertTrue("killed mid-way: " + atKill, atKill < ROWS);

        host.start();
        Await.until("all " + ROWS + " rows delivered", Duration.ofSeconds(120), counts::size, n -> n >= ROWS);
        JsonNode after =
                awaitSubscription(id, s -> s.path("delivery").path("pending").asLong() == 0, Duration.ofSeconds(30));
        int total = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        long duplicated = counts.values().stream().filter(c -> c.get() > 1).count();
        System.out.println("CRASH TEST: rows " + ROWS + ", distinct delivered " + counts.size() + ", deliveries "
                + total + ", duplicate deliveries " + (total - counts.size()) + " (" + duplicated
                + " rows more than once), webhook batches " + batches.get() + ", checkpoint "
                + after.path("checkpoint").asText());
        for (int row = 1; row <= ROWS; row++) {
            assertTrue("row " + row + " delivered", counts.containsKey(row));
        }
        assertEquals(ROWS, counts.size());
        assertEquals(String.valueOf(ROWS), after.path("checkpoint").asText());
    }

    @Test
    public void hookEventsAreRetriedThenDeadLettered() throws Exception {
        host = SwitchboardProcess.create("triggers-hook");
        String settings = "delivery.attempts=3\nbackoff.initial.ms=100\nbackoff.max.ms=400\nwebhook.timeout.ms=2000\n";
        Files.writeString(host.deploy().resolve("dev.switchboard.triggers.cfg"), settings);
        host.start();
        // FileInstall may hand the file to ConfigAdmin a moment after "ready"; the host logs the settings it applies
        host.awaitConfiguration(
                "dev.switchboard.triggers.cfg",
                "Webhook delivery: at most 3 attempts per " + "batch, backoff 100..400 ms, webhook timeout 2000 ms",
                Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        String webhook = startReceiver(new ConcurrentHashMap<>(), attempts, 500, 0);
        ObjectNode request =
                MAPPER.createObjectNode().put("connector", "request").put("operation", "manual");
        request.putObject("target").put("webhook", webhook);
        JsonNode created = subscribe(request);
        String id = created.get("id").asText();
        String token = created.get("hookToken").asText();
        awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));

        assertEquals(401, hook(id, null, "{\"n\":1}").statusCode());
        assertEquals(401, hook(id, token + "x", "{\"n\":1}").statusCode());
        HttpResponse<String> accepted = hook(id, token, "{\"n\":1}");
        assertEquals(accepted.body(), 202, accepted.statusCode());

        JsonNode dead = awaitSubscription(
                id, s -> s.path("delivery").path("deadLettered").asLong() == 1, Duration.ofSeconds(60));
        assertEquals(3, attempts.get());
        assertEquals(0, dead.path("delivery").path("pending").asLong());
        assertEquals(
                1,
                dead.path("deadLetters").get(0).path("events").get(0).path("n").asInt());
        assertEquals(
                "HTTP 500", dead.path("deadLetters").get(0).path("lastError").asText());
        assertEquals(204, host.delete("/api/subscriptions/" + id).statusCode());
        assertEquals(404, host.get("/api/subscriptions/" + id).statusCode());
    }

    private HttpResponse<String> hook(String id, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/hooks/" + id))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("X-Switchboard-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void scheduleFiresIntoTheEventStream() throws Exception {
        host = SwitchboardProcess.start("triggers-timer");
        ObjectNode request =
                MAPPER.createObjectNode().put("connector", "schedule").put("operation", "recurrence");
        request.putObject("parameters").put("frequency", "Second").put("interval", 1);
        request.putObject("target").put("stream", true);
        String id = subscribe(request).get("id").asText();
        awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));

        String auth = "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<Stream<String>> stream = HTTP.send(
                HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/subscriptions/" + id + "/events"))
                        .header("Authorization", auth)
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        JsonNode first = null;
        Iterator<String> lines = stream.body().iterator();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first == null && System.nanoTime() < deadline && lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data: ")) {
                first = MAPPER.readTree(line.substring(6));
            }
        }
        stream.body().close();
        assertTrue("a batch arrived on the stream", first != null);
        assertEquals(id, first.path("subscriptionId").asText());
        assertTrue(first.path("events").get(0).has("scheduledTime"));
    }

    @Test
    public void subscriptionWaitsWhileItsConnectorIsStoppedAndResumes() throws Exception {
        host = SwitchboardProcess.start("triggers-waiting");
        java.nio.file.Path folder = Files.createTempDirectory("triggers-waiting-files");
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.putObject("connection").put("rootFolder", folder.toString());
        request.putObject("parameters").put("folder", ".").put("pollSeconds", 1);
        request.putObject("target").put("stream", true);
        JsonNode created = subscribe(request);
        String id = created.get("id").asText();
        awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));

        // the bundle providing both the file connector and its fileTrigger binding, stopped through the Web Console
        long bundleId =
                host.connectorVersions("file").get(0).path("bundle").path("id").asLong();
        assertTrue("the file connector's bundle id is known", bundleId > 0);
        assertEquals(200, bundleAction(bundleId, "stop"));

        JsonNode waiting =
                awaitSubscription(id, s -> "WAITING".equals(s.path("state").asText()), Duration.ofSeconds(30));
        String reason = waiting.path("reason").asText();
        assertTrue("the reason names the missing connector: " + reason, reason.contains("file"));

        // the console's overview lists it as WAITING, with the reason, and without the hook token
        HttpResponse<String> overview = host.get("/system/console/connectors/overview.json");
        assertEquals(overview.body(), 200, overview.statusCode());
        JsonNode row = SwitchboardProcess.find(SwitchboardProcess.json(overview).path("subscriptionList"), "id", id);
        assertTrue("the console lists the subscription: " + overview.body(), row != null);
        assertEquals("file", row.path("connector").asText());
        assertEquals("whenFileCreated", row.path("operation").asText());
        assertEquals("stream", row.path("target").asText());
        assertEquals("WAITING", row.path("state").asText());
        assertEquals(reason, row.path("reason").asText());
        String token = created.path("hookToken").asText("");
        assertTrue(
                "no hook token in the console",
                token.isEmpty() || !overview.body().contains(token));
        assertTrue("no connection values in the console", !overview.body().contains(folder.toString()));

        assertEquals(200, bundleAction(bundleId, "start"));
        awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));
        assertEquals(id, host.getJson("/api/subscriptions/" + id).path("id").asText());
    }

    @Test
    public void aSubscriptionResumesFromItsCheckpointOnANewConnectorVersion() throws Exception {
        host = SwitchboardProcess.start("triggers-swap");
        java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/files", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                for (JsonNode event : MAPPER.readTree(in).path("events")) {
                    paths.add(event.path("path").asText());
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        java.nio.file.Path folder = Files.createTempDirectory("triggers-swap-files");
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.putObject("connection").put("rootFolder", folder.toString());
        request.putObject("parameters").put("folder", ".").put("pollSeconds", 1);
        request.putObject("target")
                .put("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/files");
        String id = subscribe(request).get("id").asText();
        JsonNode before =
                awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()), Duration.ofSeconds(30));
        String firstVersion = before.path("runningVersion").asText();

        Files.writeString(folder.resolve("a.txt"), "a");
        Files.writeString(folder.resolve("b.txt"), "b");
        Await.until("a.txt and b.txt delivered", Duration.ofSeconds(30), () -> paths.size(), n -> n >= 2);

        // a new version of the connector arrives in the deploy folder: the same bundle, Bundle-Version 9.9.9
        java.nio.file.Path shipped;
        try (Stream<java.nio.file.Path> jars = Files.walk(
                Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"), "system"))) {
            shipped = jars.filter(j -> j.getFileName().toString().startsWith("connector-file-"))
                    .findFirst()
                    .orElseThrow();
        }
        java.nio.file.Path staged = host.home().resolve("connector-file-9.9.9.jar");
        try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(Files.newInputStream(shipped))) {
            java.util.jar.Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", "9.9.9");
            try (java.util.jar.JarOutputStream out =
                    new java.util.jar.JarOutputStream(Files.newOutputStream(staged), manifest)) {
                for (java.util.jar.JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.move(
                staged,
                host.deploy().resolve("connector-file-9.9.9.jar"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        JsonNode moved = awaitSubscription(
                id,
                s -> "9.9.9".equals(s.path("runningVersion").asText())
                        && "ACTIVE".equals(s.path("state").asText()),
                Duration.ofSeconds(30));
        assertTrue("it ran on " + firstVersion + " first", !firstVersion.equals("9.9.9"));
        assertTrue("the checkpoint is kept: " + moved, !moved.path("checkpoint").isNull());

        // only the new file fires on the new version: the two earlier ones are behind the checkpoint
        Files.writeString(folder.resolve("c.txt"), "c");
        Await.until("c.txt delivered", Duration.ofSeconds(30), () -> paths.size(), n -> n >= 3);
        Thread.sleep(3000); // three more polls: nothing else may fire
        assertEquals(String.valueOf(paths), 3, paths.size());
        assertEquals(
                java.util.Set.of("a.txt", "b.txt", "c.txt"),
                java.util.Set.copyOf(paths.stream()
                        .map(q -> Paths.get(q).getFileName().toString())
                        .toList()));
    }

    /** POST /system/console/bundles/{id} with {@code action}: the Web Console's start and stop buttons. */
    private int bundleAction(long bundleId, String action) {
        HttpResponse<String> r = host.send(host.request("/system/console/bundles/" + bundleId)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("action=" + action))
                .build());
        return r.statusCode();
    }

    private String password() throws Exception {
        java.lang.reflect.Field f = SwitchboardProcess.class.getDeclaredField("password");
        f.setAccessible(true);
        return (String) f.get(host);
    }
}
