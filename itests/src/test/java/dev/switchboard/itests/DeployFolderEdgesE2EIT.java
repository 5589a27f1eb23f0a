package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Issue #11 §2 and §5 against the real launcher: a second file of the same bundle never touches the live bundle
 * (added, removed, or left as the only copy), files not installed yet are PENDING, configuration files are listed,
 * and a bundle that uses the connector API but registers no connector is flagged with Declarative Services' reason.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DeployFolderEdgesE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GREET_PATH = "/api/connectors/greeter/operations/greet/invoke";
    private static final String GREET = "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";
    private static final int CLIENTS = 3;

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-edges");
        host.deploy("greeter-v1", "greeter.jar");
        awaitServing("greeter.jar");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_aDuplicateNeverTouchesTheLiveBundleAndTakesOverWithoutAFailedCall() throws Exception {
        long bundle = host.deployment("greeter.jar").at("/bundle/id").asLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.execute(() -> {
                while (!stop.get()) {
                    HttpResponse<String> response = host.post(GREET_PATH, GREET);
                    calls.incrementAndGet();
                    if (response.statusCode() != 200) {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                }
            });
        }
        try {
            Thread.sleep(500);

            // added: reported, the live bundle untouched
            host.deploy("greeter-v1", "dup.jar");
            JsonNode dup = host.awaitDeployment(
                    "dup.jar", WAIT, d -> !"PENDING".equals(d.path("state").asText()));
            assertEquals(dup.toString(), "DUPLICATE", dup.get("state").asText());
            assertTrue(
                    dup.toString(),
                    dup.get("reason")
                            .asText()
                            .startsWith("same bundle as greeter.jar "
                                    + "(dev.switchboard.itests.greeter 1.0.0): remove one copy"));
            Thread.sleep(1000);
            assertEquals("ACTIVE", host.deployment("greeter.jar").get("state").asText());

            // removed: the original keeps serving
            Files.delete(host.deploy().resolve("dup.jar"));
            Thread.sleep(1500);
            JsonNode original = host.deployment("greeter.jar");
            assertEquals(original.toString(), "ACTIVE", original.get("state").asText());
            assertEquals(bundle, original.at("/bundle/id").asLong());
            assertNull(host.deployment("dup.jar"));

            // the original removed while the copy is there: the copy takes over
            host.deploy("greeter-v1", "dup.jar");
            host.awaitDeployment(
                    "dup.jar", WAIT, d -> "DUPLICATE".equals(d.path("state").asText()));
            Files.delete(host.deploy().resolve("greeter.jar"));
            awaitServing("dup.jar");
            assertNull(host.deployment("greeter.jar"));
            Thread.sleep(1000);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertTrue("the clients stop", clients.awaitTermination(60, TimeUnit.SECONDS));
        }
        System.out.println("=== duplicates under load: " + calls.get() + " calls, " + failures.size() + " failed ===");
        assertTrue("calls were made: " + calls.get(), calls.get() > 50);
        assertEquals("failed calls, the first: " + failures.stream().limit(3).toList(), 0, failures.size());
        String log = String.join("\n", host.output());
        assertFalse(log, log.contains("Updating this bundle instead"));

        // and back: greeter.jar is now the copy
        host.deploy("greeter-v1", "greeter.jar");
        JsonNode copy = host.awaitDeployment(
                "greeter.jar", WAIT, d -> "DUPLICATE".equals(d.path("state").asText()));
        assertTrue(copy.toString(), copy.get("reason").asText().startsWith("same bundle as dup.jar"));
        Files.delete(host.deploy().resolve("dup.jar"));
        awaitServing("greeter.jar");
        greeterAnswers();
    }

    @Test
    public void b_aBundleNotInstalledYetIsPending() throws Exception {
        // a bundle the framework refuses to install: not installed for a while, then "could not install it"
        host.deployBytes(refusedBundle(), "refused.jar");
        JsonNode d = host.deployment("refused.jar");
        assertEquals(d.toString(), "PENDING", d.get("state").asText());
        assertTrue(
                d.toString(),
                d.get("reason").asText().contains("is not installed yet: waiting for the deploy " + "folder scanner"));
        JsonNode failed = host.awaitDeployment(
                "refused.jar", WAIT, x -> "FAILED".equals(x.path("state").asText()));
        assertTrue(failed.toString(), failed.get("reason").asText().contains("could not install it"));
        Files.delete(host.deploy().resolve("refused.jar"));
    }

    @Test
    public void c_configurationFilesAreListedWithTheirPidAndState() throws Exception {
        host.deployText("connector = greeter\nsalutation = Hi\n", "dev.switchboard.connection-edge.cfg");
        host.deployText("connector = nowhere\n", "dev.switchboard.connection-lost.cfg");
        host.deployText("{\"connector\":\"greeter\"}", "dev.switchboard.connection-json.cfg.json");
        JsonNode applied = host.awaitDeployment(
                "dev.switchboard.connection-edge.cfg",
                WAIT,
                x -> "APPLIED".equals(x.path("state").asText()));
        assertEquals("dev.switchboard.connection~edge", applied.get("pid").asText());
        assertTrue(applied.toString(), applied.path("reason").isMissingNode());
        JsonNode lost = host.awaitDeployment(
                "dev.switchboard.connection-lost.cfg",
                WAIT,
                x -> "FAILED".equals(x.path("state").asText()));
        assertEquals("dev.switchboard.connection~lost", lost.get("pid").asText());
        assertTrue(lost.toString(), lost.get("reason").asText().startsWith("the connection cannot be used: "));
        JsonNode json = host.awaitDeployment(
                "dev.switchboard.connection-json.cfg.json",
                WAIT,
                x -> "FAILED".equals(x.path("state").asText()));
        assertTrue(json.toString(), json.get("reason").asText().contains("reads .cfg and .config files only"));
        for (String file : List.of(
                "dev.switchboard.connection-edge.cfg",
                "dev.switchboard.connection-lost.cfg",
                "dev.switchboard.connection-json.cfg.json")) {
            Files.delete(host.deploy().resolve(file));
        }
    }

    @Test
    public void d_aConnectorBundleWithoutAComponentIsFlaggedInTheApiAndTheLog() throws Exception {
        host.deploy("no-component", "forgotten.jar");
        JsonNode d = host.awaitDeployment(
                "forgotten.jar",
                WAIT,
                x -> "NO_CONNECTOR".equals(x.path("state").asText()));
        assertTrue(
                d.toString(),
                d.get("reason")
                        .asText()
                        .startsWith("no Declarative Services component: is the " + "class annotated @Component?"));
        List<String> warnings = Await.until(
                "one WARN for forgotten.jar",
                WAIT,
                () -> host.output().stream()
                        .filter(l -> l.contains("forgotten.jar") && l.contains("registers no connector"))
                        .toList(),
                l -> !l.isEmpty());
        assertEquals(warnings.toString(), 1, warnings.size());
        greeterAnswers();
        Files.delete(host.deploy().resolve("forgotten.jar"));
    }

    /** The file ACTIVE with greeter 1.0.0 loaded from it. */
    private static JsonNode awaitServing(String file) {
        return host.awaitDeployment(
                file,
                WAIT,
                x -> "ACTIVE".equals(x.path("state").asText())
                        && "greeter@1.0.0".equals(x.path("connectors").path(0).asText()));
    }

    private static void greeterAnswers() {
        HttpResponse<String> invoked = host.post(GREET_PATH, GREET);
        assertEquals(invoked.body(), 200, invoked.statusCode());
    }

    /** A bundle whose export the framework refuses (the version is not one). */
    private static byte[] refusedBundle() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "dev.switchboard.itests.refused");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Export-Package", "dev.switchboard.itests.refused;version=\"not-a-version\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("a test jar".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
