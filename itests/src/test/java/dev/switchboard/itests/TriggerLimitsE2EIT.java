package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;

/**
 * Issue 10, section 6 "One caller holding the host", against the real launcher: event streams hold no HTTP thread, are
 * capped and end with their subscription; a subscription's pending store is bounded (hook posts beyond get 429, large
 * bodies 413) and the file does not grow beyond the bound; subscriptions share a few threads and are capped; webhook
 * URLs are shown masked.
 */
public class TriggerLimitsE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MIB = 1024 * 1024;

    private SwitchboardProcess host;

    @After
    public void tearDown() {
        if (host != null) {
            host.close();
        }
    }

    /** Starts a host with these triggers settings and waits until it logged them. */
    private void start(String name, String settings, String expectedLog) throws Exception {
        host = SwitchboardProcess.create(name);
        Files.writeString(host.deploy().resolve("dev.switchboard.triggers.cfg"), settings);
        host.start();
        host.awaitConfiguration(
                "dev.switchboard.triggers.cfg", "Trigger limits: " + expectedLog, Duration.ofSeconds(30));
    }

    private JsonNode subscribe(ObjectNode target) {
        ObjectNode body = MAPPER.createObjectNode().put("connector", "request").put("operation", "manual");
        body.set("target", target);
        HttpResponse<String> created = host.post("/api/subscriptions", body.toString());
        assertEquals(created.body(), 201, created.statusCode());
        return SwitchboardProcess.json(created);
    }

    private JsonNode awaitActive(String id) {
        return Await.until(
                "subscription " + id + " ACTIVE",
                Duration.ofSeconds(30),
                () -> {
                    HttpResponse<String> r = host.get("/api/subscriptions/" + id);
                    return r.statusCode() == 200 ? SwitchboardProcess.json(r) : null;
                },
                s -> s != null && "ACTIVE".equals(s.path("state").asText()));
    }

    /** The host's threads, from /proc (the launcher is a child process of this JVM). */
    private static long hostThreads() throws IOException {
        ProcessHandle child = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("switchboard.jar"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no launcher process"));
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(child.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Long.parseLong(line.substring("Threads:".length()).trim());
            }
        }
        throw new AssertionError("no thread count in /proc");
    }

    private long timed(String path) {
        long started = System.nanoTime();
        HttpResponse<String> r = path.equals("/api/health") ? host.getAnonymous(path) : host.get(path);
        assertEquals(r.body(), 200, r.statusCode());
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Test
    public void twoHundredFiftyStreamsHoldNoThreadAreCappedAndEndWithTheirSubscription() throws Exception {
        start("limits-streams", "max.streams=250\n", "1000 subscriptions, 250 streams");
        String id = subscribe(MAPPER.createObjectNode().put("stream", true))
                .path("id")
                .asText();
        awaitActive(id);
        long threadsBefore = hostThreads();

        HttpClient clients =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest open = host.request("/api/subscriptions/" + id + "/events")
                .GET()
                .timeout(Duration.ofSeconds(30))
                .build();
        List<CompletableFuture<HttpResponse<InputStream>>> opening = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            opening.add(clients.sendAsync(open, HttpResponse.BodyHandlers.ofInputStream()));
        }
        List<BufferedReader> streams = new ArrayList<>();
        for (CompletableFuture<HttpResponse<InputStream>> f : opening) {
            HttpResponse<InputStream> response = f.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
            assertEquals(": subscribed to " + id, reader.readLine());
            streams.add(reader);
        }

        long health = timed("/api/health");
        long list = timed("/api/subscriptions");
        long console = timed("/system/console/bundles.json");
        assertTrue(
                "with 250 streams open: health " + health + " ms, list " + list + " ms, console " + console + " ms",
                health < 2000 && list < 2000 && console < 5000);
        long threads = hostThreads();
        // a thread per stream would add 250; Jetty's pool may grow for a while to take the burst of 250 requests at
        // once (each holds a thread only until it goes async), more on a loaded machine
        assertTrue("250 streams added " + (threads - threadsBefore) + " threads", threads - threadsBefore < 100);

        HttpResponse<String> refused = host.get("/api/subscriptions/" + id + "/events");
        assertEquals(refused.body(), 503, refused.statusCode());
        assertEquals(
                "TooManyStreams",
                SwitchboardProcess.json(refused).path("error").path("code").asText());
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());

        assertEquals(204, host.delete("/api/subscriptions/" + id).statusCode());
        for (BufferedReader reader : streams) {
            List<String> rest = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                rest.add(line);
            }
            assertTrue("the stream ends with an end event: " + rest, rest.contains("event: end"));
        }
        // every place is free again
        String next = subscribe(MAPPER.createObjectNode().put("stream", true))
                .path("id")
                .asText();
        awaitActive(next);
        HttpResponse<InputStream> again = clients.send(
                host.request("/api/subscriptions/" + next + "/events").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, again.statusCode());
        again.body().close();
    }

    @Test
    public void fortyOneMebibyteHookPostsAreBoundedBy429AndTheFileStaysSmall() throws Exception {
        start(
                "limits-store",
                "max.pending.bytes=4194304\nhook.max.bytes=1040000\n",
                "1000 subscriptions, 64 streams, per subscription 1000 pending batches / 4194304 pending bytes, "
                        + "hook body 1040000 bytes");
        JsonNode created = subscribe(MAPPER.createObjectNode().put("stream", true));
        String id = created.path("id").asText();
        String token = created.path("hookToken").asText();
        awaitActive(id);
        Path file = host.home().resolve("data/triggers/triggers.mv.db");
        long before = Files.size(file);

        String body = MAPPER.writeValueAsString("x".repeat(MIB - 40_000));
        int accepted = 0;
        int tooMany = 0;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = hook(id, token, body);
            if (r.statusCode() == 202) {
                accepted++;
            } else {
                assertEquals(r.body(), 429, r.statusCode());
                assertEquals(
                        "SubscriptionBacklogFull",
                        SwitchboardProcess.json(r).path("error").path("code").asText());
                assertTrue(r.headers().firstValue("Retry-After").isPresent());
                tooMany++;
            }
        }
        assertEquals(4, accepted);
        assertEquals(36, tooMany);
        long grown = Files.size(file) - before;
        assertTrue("triggers.mv.db grew by " + grown / MIB + " MiB for a bound of 4 MiB", grown < 12L * MIB);

        HttpResponse<String> large = hook(id, token, MAPPER.writeValueAsString("y".repeat(1_045_000)));
        assertEquals(large.body(), 413, large.statusCode());

        JsonNode shown = SwitchboardProcess.json(host.get("/api/subscriptions/" + id));
        assertEquals(4, shown.path("delivery").path("pending").asLong());
        assertTrue(shown.path("delivery").path("pendingBytes").asLong() > 3L * MIB);
        assertEquals(36, shown.path("delivery").path("refused").asLong());
        assertEquals(4194304, shown.path("limits").path("maxPendingBytes").asLong());
        assertEquals(1000, shown.path("limits").path("maxPendingBatches").asLong());
        assertTrue(shown.path("limits").path("full").asBoolean());
        assertTrue(
                "one WARN when the store filled up",
                host.output().stream()
                                .filter(l -> l.contains("its pending store is full"))
                                .count()
                        == 1);
    }

    private HttpResponse<String> hook(String id, String token, String body) {
        return host.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/hooks/" + id))
                .header("Content-Type", "application/json")
                .header("X-Switchboard-Token", token)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    public void fifteenHundredSubscriptionsShareAFewThreadsAndOneMoreIs409() throws Exception {
        start("limits-count", "max.subscriptions=1500\nfsync=false\n", "1500 subscriptions");
        long before = hostThreads();
        List<CompletableFuture<HttpResponse<String>>> creating = new ArrayList<>();
        String body = MAPPER.createObjectNode()
                .put("connector", "request")
                .put("operation", "manual")
                .set("target", MAPPER.createObjectNode().put("stream", true))
                .toString();
        for (int i = 0; i < 1500; i++) {
            creating.add(host.sendAsync(host.postRequest("/api/subscriptions", body)));
            if (creating.size() % 50 == 0) {
                for (CompletableFuture<HttpResponse<String>> f : creating) {
                    HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(r.body(), 201, r.statusCode());
                }
                creating.clear();
            }
        }
        JsonNode all = Await.until(
                "1500 subscriptions ACTIVE",
                Duration.ofSeconds(60),
                () -> SwitchboardProcess.json(host.get("/api/subscriptions")),
                list -> list.size() == 1500
                        && java.util.stream.StreamSupport.stream(list.spliterator(), false)
                                .allMatch(s -> "ACTIVE".equals(s.path("state").asText())));
        assertEquals(1500, all.size());
        long after = hostThreads();
        assertTrue("1500 subscriptions added " + (after - before) + " threads", after - before < 50);

        HttpResponse<String> refused = host.post("/api/subscriptions", body);
        assertEquals(refused.body(), 409, refused.statusCode());
        assertEquals(
                "TooManySubscriptions",
                SwitchboardProcess.json(refused).path("error").path("code").asText());
        assertTrue(refused.body().contains("max.subscriptions"));
    }

    @Test
    public void webhookUrlsAreShownWithoutUserInfoAndQueryValuesAndTheTokenOnlyOnce() throws Exception {
        start("limits-mask", "max.streams=64\n", "1000 subscriptions, 64 streams");
        JsonNode created = subscribe(
                MAPPER.createObjectNode().put("webhook", "http://user:pa55word@127.0.0.1:9/hook?token=abc123&plain"));
        String id = created.path("id").asText();
        String token = created.path("hookToken").asText();
        assertEquals(32, token.length());
        assertEquals(
                "http://127.0.0.1:9/hook?token=***&plain",
                created.path("target").path("webhook").asText());
        awaitActive(id);
        assertEquals(202, hook(id, token, "{\"n\":1}").statusCode());
        // delivery to the stored URL is attempted (and fails: nothing listens on port 9)
        JsonNode shown = Await.until(
                "a failed delivery",
                Duration.ofSeconds(30),
                () -> SwitchboardProcess.json(host.get("/api/subscriptions/" + id)),
                s -> s.path("delivery").has("lastError"));
        assertEquals(
                "http://127.0.0.1:9/hook?token=***&plain",
                shown.path("target").path("webhook").asText());
        assertEquals("********", shown.path("hookToken").asText());
        String everything = host.get("/api/subscriptions").body()
                + shown
                + String.join("\n", host.output())
                + host.get("/system/console/connectors/overview.json").body();
        for (String secret : new String[] {"pa55word", "abc123", token}) {
            assertFalse(secret + " is shown somewhere", everything.contains(secret));
        }
    }
}
