package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Test;

/**
 * Liveness and readiness apart: {@code /api/health/live} answers 200 as soon as the API serves;
 * {@code /api/health/ready} (and {@code /api/health}) answers 503 naming what it waits for until the deploy folder has
 * settled, its connectors are ACTIVE or FAILED and the stored subscriptions have resumed, then 200, and 503 again
 * while a critical check (here a disk-space threshold set through a configuration file) fails.
 */
public class ReadinessE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private SwitchboardProcess host;

    @After
    public void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void readyWaitsForTheDeployFolderAndTheSubscriptionsThenEveryConnectorAnswersAtOnce() throws Exception {
        host = SwitchboardProcess.create("switchboard-ready");
        // a first run stores a subscription on the shipped file connector: it must have resumed when ready says so
        host.start();
        Path inbox = Files.createDirectories(host.home().resolve("inbox"));
        ObjectNode request = MAPPER.createObjectNode().put("connector", "file").put("operation", "whenFileCreated");
        request.putObject("connection").put("rootFolder", inbox.getParent().toString());
        request.putObject("parameters")
                .put("folder", "inbox")
                .put("pattern", "*.csv")
                .put("pollSeconds", 1);
        request.putObject("target").put("stream", true);
        HttpResponse<String> created = host.post("/api/subscriptions", request.toString());
        assertEquals(created.body(), 201, created.statusCode());
        String subscription = SwitchboardProcess.json(created).get("id").asText();
        assertEquals(0, host.stop());

        // several connector jars in the deploy folder before the start, a working, a failing and an unresolvable one
        host.deploy("greeter-v1", "greeter.jar");
        host.deploy("faulty", "faulty.jar");
        host.deploy("unresolved", "unresolved.jar");
        host.deploy("xss", "xss.jar");
        int from = host.output().size();
        Process process = host.launch();

        List<String> waitingBodies = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        boolean readyLineBeforeLast503 = false;
        HttpResponse<String> ready = null;
        while (System.nanoTime() < deadline && process.isAlive()) {
            HttpResponse<String> answer = anonymous("/api/health/ready");
            if (answer == null || (answer.statusCode() != 503 && answer.statusCode() != 200)) {
                Thread.sleep(10); // the port or the public servlet is not there yet
                continue;
            }
            HttpResponse<String> live = anonymous("/api/health/live");
            assertNotNull("live answers once ready does", live);
            assertEquals(
                    "live while ready answered " + answer.statusCode() + ": " + live.body(), 200, live.statusCode());
            if (answer.statusCode() == 200) {
                ready = answer;
                break;
            }
            waitingBodies.add(answer.body());
            readyLineBeforeLast503 |=
                    host.output().stream().skip(from).anyMatch(l -> l.matches("Switchboard ready in \\d+ ms"));
            Thread.sleep(10);
        }
        assertNotNull("ready answered 200; output:\n" + host.tail(60), ready);

        // the moment it says ready, the deploy folder's connectors and the shipped ones answer
        HttpResponse<String> greeted = host.post(
                "/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(greeted.body(), 200, greeted.statusCode());
        assertEquals(
                "Hello, Ada!",
                SwitchboardProcess.json(greeted).at("/body/message").asText());
        HttpResponse<String> queried = host.post(
                "/api/connectors/sql/operations/executeQuery/invoke",
                "{\"connection\":{\"connectionString\":\"jdbc:h2:mem:ready\"},\"parameters\":{\"query\":\"SELECT 1 AS ONE\"}}");
        assertEquals(queried.body(), 200, queried.statusCode());
        JsonNode subscribed = host.getJson("/api/subscriptions/" + subscription);
        assertEquals(subscribed.toString(), "ACTIVE", subscribed.path("state").asText());
        for (JsonNode deployment : host.getJson("/api/deployments")) {
            String state = deployment.path("state").asText();
            assertTrue(
                    deployment.toString(),
                    List.of("ACTIVE", "FAILED", "UNRESOLVED", "CONFLICT").contains(state));
        }
        for (JsonNode connector : host.getJson("/api/connectors")) {
            assertFalse(
                    connector.toString(),
                    "LOADING".equals(connector.path("state").asText()));
        }

        JsonNode readyBody = MAPPER.readTree(ready.body());
        assertEquals(ready.body(), "UP", readyBody.path("status").asText());
        List<String> names = new ArrayList<>();
        readyBody.path("checks").forEach(c -> names.add(c.path("name").asText()));
        assertTrue(
                ready.body(),
                names.containsAll(List.of(
                        "Framework started",
                        "Bundles started",
                        "Deploy folder settled",
                        "Subscriptions resumed",
                        "Event store writable",
                        "Disk space")));

        // while it was 503 it said what it waited for, without paths
        assertFalse("ready answered 503 at least once before 200", waitingBodies.isEmpty());
        for (String body : waitingBodies) {
            JsonNode waiting = MAPPER.readTree(body);
            assertEquals(body, "DOWN", waiting.path("status").asText());
            assertFalse(body, waiting.path("waitingFor").isEmpty());
            assertFalse(body, body.contains(host.home().toString()));
        }
        assertFalse("'Switchboard ready' was printed while ready answered 503", readyLineBeforeLast503);
        Await.until(
                "'Switchboard ready in N ms'",
                Duration.ofSeconds(30),
                () -> host.output().stream().skip(from).anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")),
                printed -> printed);

        // /api/health is the readiness answer
        HttpResponse<String> health = host.getAnonymous("/api/health");
        assertEquals(health.body(), 200, health.statusCode());
        assertEquals("UP", SwitchboardProcess.json(health).path("status").asText());
    }

    @Test
    public void aFailingCriticalCheckTurnsReadyTo503UntilItPasses() throws Exception {
        host = SwitchboardProcess.start("switchboard-ready-critical");
        assertEquals(200, host.getAnonymous("/api/health/ready").statusCode());

        // a disk-space check whose critical threshold every disk exceeds, from the deploy folder
        String file = "org.apache.felix.hc.generalchecks.DiskSpaceCheck-strict.cfg";
        host.deployText(
                "hc.name = Disk space (strict)\nhc.tags = ready\ndiskPaths = " + host.home()
                        + "\ndiskUsedThresholdWarn = 0\ndiskUsedThresholdCritical = 0\n",
                file);
        HttpResponse<String> down = Await.until(
                "ready 503",
                Duration.ofSeconds(30),
                () -> host.getAnonymous("/api/health/ready"),
                r -> r.statusCode() == 503);
        JsonNode body = SwitchboardProcess.json(down);
        assertEquals(down.body(), "DOWN", body.path("status").asText());
        JsonNode strict = SwitchboardProcess.find(body.path("checks"), "name", "Disk space (strict)");
        assertNotNull(down.body(), strict);
        assertEquals(down.body(), "CRITICAL", strict.path("status").asText());
        assertTrue(down.body(), body.path("waitingFor").toString().contains("Disk space (strict)"));
        assertFalse(
                "no internal path in the public answer: " + down.body(),
                down.body().contains(host.home().toString()));
        assertEquals(503, host.getAnonymous("/api/health").statusCode());
        assertEquals(200, host.getAnonymous("/api/health/live").statusCode());

        Files.delete(host.deploy().resolve(file));
        Await.until(
                "ready 200 again",
                Duration.ofSeconds(30),
                () -> host.getAnonymous("/api/health/ready"),
                r -> r.statusCode() == 200);
    }

    /** A GET without credentials; {@code null} while nothing listens on the port. */
    private HttpResponse<String> anonymous(String path) throws InterruptedException {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(host.baseUrl() + path))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        }
    }
}
