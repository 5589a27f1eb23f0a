package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.After;
import org.junit.Test;

/**
 * The shipped {@code file} connector end to end on the real launcher: its four actions over REST (a {@code ../} path
 * is a 400), and a {@code whenFileCreated} subscription delivering one event per created file to a webhook.
 */
public class FileTriggerE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SwitchboardProcess host;
    private HttpServer receiver;
    private Path root;

    @After
    public void tearDown() {
        if (host != null) {
            host.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private ObjectNode connection() {
        return MAPPER.createObjectNode().put("rootFolder", root.toString());
    }

    private HttpResponse<String> invoke(String operation, ObjectNode parameters) {
        ObjectNode body = MAPPER.createObjectNode();
        body.set("connection", connection());
        body.set("parameters", parameters);
        return host.post("/api/connectors/file/operations/" + operation + "/invoke", body.toString());
    }

    private JsonNode ok(String operation, ObjectNode parameters) {
        HttpResponse<String> r = invoke(operation, parameters);
        assertEquals(operation + ": " + r.body(), 200, r.statusCode());
        return SwitchboardProcess.json(r).get("body");
    }

    private JsonNode error(String operation, ObjectNode parameters, int status) {
        HttpResponse<String> r = invoke(operation, parameters);
        assertEquals(operation + ": " + r.body(), status, r.statusCode());
        return SwitchboardProcess.json(r).get("error");
    }

    private static ObjectNode params() {
        return MAPPER.createObjectNode();
    }

    @Test
    public void actionsOverRestAndWhenFileCreatedToAWebhook() throws Exception {
        root = Files.createTempDirectory("file-connector-root");
        Path outside = Files.createTempDirectory("file-connector-outside");
        Files.writeString(outside.resolve("secret.txt"), "do-not-leak");
        Files.createDirectories(root.resolve("inbox"));
        host = SwitchboardProcess.start("file-trigger");
        host.awaitActive("file", null, Duration.ofSeconds(60));

        // ---- the actions
        JsonNode written =
                ok("writeFile", params().put("path", "notes/hello.txt").put("content", "Hello, file!"));
        assertEquals("notes/hello.txt", written.get("path").asText());
        assertTrue(written.get("created").asBoolean());
        assertEquals("Hello, file!", Files.readString(root.resolve("notes/hello.txt")));
        assertEquals(
                "FileExists",
                error("writeFile", params().put("path", "notes/hello.txt").put("content", "x"), 409)
                        .get("code")
                        .asText());
        assertEquals(
                "Hello, file!",
                ok("readFile", params().put("path", "notes/hello.txt"))
                        .get("content")
                        .asText());
        assertEquals(
                "SGVsbG8sIGZpbGUh",
                ok("readFile", params().put("path", "notes/hello.txt").put("encoding", "base64"))
                        .get("content")
                        .asText());
        JsonNode listed = ok("listFiles", params().put("folder", "notes"));
        assertEquals(1, listed.get("entries").size());
        assertEquals("notes/hello.txt", listed.get("entries").get(0).get("path").asText());
        assertEquals(12, listed.get("entries").get(0).get("size").asInt());
        assertFalse(listed.get("entries").get(0).get("directory").asBoolean());
        assertTrue(ok("deleteFile", params().put("path", "notes/hello.txt"))
                .get("deleted")
                .asBoolean());
        assertFalse(Files.exists(root.resolve("notes/hello.txt")));
        assertEquals(
                "FileNotFound",
                error("deleteFile", params().put("path", "notes/hello.txt"), 404)
                        .get("code")
                        .asText());

        // ---- confinement: '../' and absolute paths are a 400 naming the input; nothing outside is touched
        String escape = "../" + outside.getFileName() + "/secret.txt";
        JsonNode refused = error("readFile", params().put("path", escape), 400);
        assertEquals("InvalidPath", refused.get("code").asText());
        assertTrue(refused.toString(), refused.get("message").asText().contains("'path'"));
        assertFalse(refused.toString().contains("do-not-leak"));
        assertEquals(
                "InvalidPath",
                error(
                                "writeFile",
                                params().put("path", escape).put("content", "x").put("overwrite", true),
                                400)
                        .get("code")
                        .asText());
        assertEquals(
                "InvalidPath",
                error("deleteFile", params().put("path", escape), 400)
                        .get("code")
                        .asText());
        assertEquals(
                "InvalidPath",
                error("listFiles", params().put("folder", ".."), 400)
                        .get("code")
                        .asText());
        assertEquals(
                "InvalidPath",
                error(
                                "readFile",
                                params().put(
                                                "path",
                                                outside.resolve("secret.txt").toString()),
                                400)
                        .get("code")
                        .asText());
        assertEquals("do-not-leak", Files.readString(outside.resolve("secret.txt")));

        // ---- the trigger: a webhook gets one event per created file
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        String webhook = startReceiver(received);
        Files.writeString(root.resolve("inbox/before.csv"), "already there");
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.set("connection", connection());
        request.putObject("parameters")
                .put("folder", "inbox")
                .put("pattern", "*.csv")
                .put("pollSeconds", 0.2);
        request.putObject("target").put("webhook", webhook);
        HttpResponse<String> created = host.post("/api/subscriptions", request.toString());
        assertEquals(created.body(), 201, created.statusCode());
        String id = SwitchboardProcess.json(created).get("id").asText();
        JsonNode active =
                awaitSubscription(id, s -> "ACTIVE".equals(s.path("state").asText()));
        assertEquals(
                active.toString(), "whenFileCreated", active.path("operation").asText());
        // started: the files there now are taken as seen (includeExisting false); its checkpoint is stored first
        Await.until(
                "the first checkpoint",
                Duration.ofSeconds(30),
                () -> host.getJson("/api/subscriptions/" + id),
                s -> !s.path("checkpoint").isMissingNode()
                        && !s.path("checkpoint").isNull());

        ok("writeFile", params().put("path", "inbox/one.csv").put("content", "1"));
        Files.writeString(root.resolve("inbox/two.csv"), "22");
        Files.writeString(root.resolve("inbox/three.csv"), "333");
        Files.writeString(root.resolve("inbox/skipped.txt"), "not a csv");

        Await.until("3 files delivered", Duration.ofSeconds(60), received::keySet, k -> k.size() >= 3);
        Thread.sleep(1500); // nothing else arrives
        assertEquals(
                Map.of("inbox/one.csv", 1, "inbox/two.csv", 1, "inbox/three.csv", 1),
                Map.copyOf(received.entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().get()))));
        JsonNode after =
                awaitSubscription(id, s -> s.path("delivery").path("pending").asLong() == 0);
        System.out.println("FILE TRIGGER: " + after);
        assertEquals(204, host.delete("/api/subscriptions/" + id).statusCode());
    }

    @Test
    public void filesCreatedWhileTheHostIsDownAreDeliveredOnceAfterARestart() throws Exception {
        root = Files.createTempDirectory("file-connector-restart");
        host = SwitchboardProcess.start("file-trigger-restart");
        host.awaitActive("file", null, Duration.ofSeconds(60));
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.set("connection", connection());
        request.putObject("parameters").put("pollSeconds", 0.2);
        request.putObject("target").put("webhook", startReceiver(received));
        HttpResponse<String> created = host.post("/api/subscriptions", request.toString());
        assertEquals(created.body(), 201, created.statusCode());
        String id = SwitchboardProcess.json(created).get("id").asText();
        awaitSubscription(
                id,
                s -> "ACTIVE".equals(s.path("state").asText())
                        && s.path("checkpoint").isTextual());

        Files.writeString(root.resolve("a.txt"), "a");
        Await.until("a.txt delivered", Duration.ofSeconds(30), received::keySet, k -> k.contains("a.txt"));
        awaitSubscription(id, s -> s.path("delivery").path("pending").asLong() == 0);
        assertEquals(0, host.stop());

        Files.writeString(root.resolve("b.txt"), "b"); // while the host is down
        Files.writeString(root.resolve("c.txt"), "c");
        host.start();
        Await.until("b.txt and c.txt delivered", Duration.ofSeconds(60), received::keySet, k -> k.size() >= 3);
        Files.writeString(root.resolve("d.txt"), "d");
        Await.until("d.txt delivered", Duration.ofSeconds(30), received::keySet, k -> k.contains("d.txt"));
        Thread.sleep(1500);
        for (String name : new String[] {"a.txt", "b.txt", "c.txt", "d.txt"}) {
            assertEquals(
                    name + " delivered once: " + received, 1, received.get(name).get());
        }
        assertEquals(received.toString(), 4, received.size());
    }

    private JsonNode awaitSubscription(String id, java.util.function.Predicate<JsonNode> done) {
        return Await.until(
                "subscription " + id,
                Duration.ofSeconds(30),
                () -> {
                    HttpResponse<String> r = host.get("/api/subscriptions/" + id);
                    return r.statusCode() == 200 ? SwitchboardProcess.json(r) : null;
                },
                s -> s != null && done.test(s));
    }

    /** Counts each delivered event by its path. */
    private String startReceiver(Map<String, AtomicInteger> received) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = MAPPER.readTree(in);
                assertEquals("file", body.path("connector").asText());
                for (JsonNode event : body.path("events")) {
                    assertTrue(event.toString(), event.has("size") && event.has("lastModified"));
                    received.computeIfAbsent(event.get("path").asText(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }
}
