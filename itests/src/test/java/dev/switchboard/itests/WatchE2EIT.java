package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * {@code --watch}: the launcher started with {@code --watch <folder>} as a connector author starts it on the project's
 * {@code target/}. Jars written there the way {@code mvn package} writes them (in place, next to the jars a build
 * also leaves: the shade plugin's {@code original-*.jar}, a sources jar) are deployed with the deploy folder's
 * semantics: a new version is a hot swap with no failed call, the previous one stays available for rollback, and a
 * deleted jar is undeployed.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class WatchE2EIT {

    private static final String GREET = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET_BODY = "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"name\":\"x\"}}";
    /** The deploy-folder file of the greeter bundle: named after its Bundle-SymbolicName. */
    private static final String DEPLOYED = "dev.switchboard.itests.greeter.watched.jar";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static Path target;
    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        target = Files.createTempDirectory("switchboard-watch").resolve("target"); // not built yet
        host = SwitchboardProcess.create("switchboard-watch")
                .arguments("--watch", target.toString())
                .start();
        assertTrue(
                host.tail(60),
                host.output().stream()
                        .anyMatch(l -> l.startsWith("  Watching  " + target) && l.contains("does not exist yet")));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_aJarBuiltIntoTheWatchedFolderIsDeployedAndAnswers() throws Exception {
        Files.createDirectories(target.resolve("classes"));
        // what a build leaves beside the bundle: never deployed
        Files.copy(SwitchboardOptions.connector("greeter-v2"), target.resolve("original-greeter-9.0.0.jar"));
        Files.write(target.resolve("greeter-1.0.0-sources.jar"), new byte[] {'P', 'K', 3, 4});
        Files.copy(SwitchboardOptions.connector("greeter-v1"), target.resolve("greeter-1.0.0.jar"));

        host.awaitActive("greeter", "1.0.0", TIMEOUT);
        assertEquals("1", greetedVersion(host.post(GREET, GREET_BODY)));
        assertEquals(
                "ACTIVE",
                host.awaitDeployment(DEPLOYED, TIMEOUT, d -> true).path("state").asText());
        assertEquals("only the bundle, under its symbolic name", List.of(DEPLOYED), deployFolder());
    }

    @Test
    public void b_aNewVersionIsAHotSwapWithNoFailedCallAndTheOldOneCanBeRolledBackTo() throws Exception {
        long bundle = host.getJson("/api/connectors/greeter").at("/bundle/id").asLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Integer> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.execute(() -> {
                while (running.get()) {
                    HttpResponse<String> response = host.post(GREET, GREET_BODY);
                    synchronized (calls) {
                        calls.add(response.statusCode());
                    }
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                }
            });
        }
        try {
            // mvn package after the version bump: the new jar beside the old one, then the old one cleaned away
            Files.copy(SwitchboardOptions.connector("greeter-v2"), target.resolve("greeter-2.0.0.jar"));
            awaitAlone("2.0.0");
            Files.delete(target.resolve("greeter-1.0.0.jar"));
            Thread.sleep(1_500); // a few polls: the deletion of the older jar changes nothing
        } finally {
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS));
        }
        assertTrue("calls during the swap: " + calls.size(), calls.size() > 0);
        assertEquals("failed calls during the swap", List.of(), List.copyOf(failures));
        assertEquals(
                "updated in place",
                bundle,
                host.getJson("/api/connectors/greeter").at("/bundle/id").asLong());
        assertEquals("2", greetedVersion(host.post(GREET, GREET_BODY)));
        assertEquals(List.of(DEPLOYED), deployFolder());

        HttpResponse<String> rollback = host.post("/api/connectors/greeter/rollback", "");
        assertEquals(rollback.body(), 200, rollback.statusCode());
        JsonNode body = SwitchboardProcess.json(rollback);
        assertEquals("1.0.0", body.get("version").asText());
        assertEquals("2.0.0", body.get("previousVersion").asText());
        assertEquals(DEPLOYED, body.get("file").asText());
        assertEquals("1", greetedVersion(host.post(GREET, GREET_BODY)));
        Thread.sleep(1_500);
        assertEquals(
                "the watcher does not undo a rollback: only a new build does",
                "1.0.0",
                host.getJson("/api/connectors/greeter").get("version").asText());
    }

    @Test
    public void c_aDeletedJarIsUndeployed() throws Exception {
        Files.delete(target.resolve("greeter-2.0.0.jar"));
        Await.until(
                "greeter gone from GET /api/connectors",
                TIMEOUT,
                () -> host.connectorVersions("greeter"),
                List::isEmpty);
        assertNull(host.deployment(DEPLOYED));
        assertFalse(Files.exists(host.deploy().resolve(DEPLOYED)));
        assertEquals(404, host.post(GREET, GREET_BODY).statusCode());
    }

    private static void awaitAlone(String version) {
        Await.until(
                "greeter " + version + " alone in GET /api/connectors",
                TIMEOUT,
                () -> host.connectorVersions("greeter"),
                list -> list.size() == 1
                        && list.get(0).path("version").asText().equals(version)
                        && list.get(0).path("state").asText().equals("ACTIVE"));
    }

    private static String greetedVersion(HttpResponse<String> response) {
        assertEquals(response.body(), 200, response.statusCode());
        return SwitchboardProcess.json(response).at("/body/version").asText();
    }

    private static List<String> deployFolder() throws Exception {
        try (Stream<Path> files = Files.list(host.deploy())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jar"))
                    .sorted()
                    .toList();
        }
    }
}
