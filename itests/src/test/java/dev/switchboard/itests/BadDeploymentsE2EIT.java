package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * Bad files and bad bundles in the deploy folder of the real launcher: each is isolated, the host stays up, the
 * greeter keeps answering, and {@code GET /api/deployments} (and {@code /api/connectors} where it applies) says what
 * is wrong in words a person can act on.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BadDeploymentsE2EIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String GREET = "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-bad");
        host.deploy("greeter-v1", "greeter.jar");
        awaitGreeterV1();
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_corruptEmptyAndNonBundleFilesAreFailedWithTheirReason() throws Exception {
        host.deployBytes(
                "PK\u0003\u0004 this is not really a zip".getBytes(StandardCharsets.ISO_8859_1), "corrupt.jar");
        host.deployBytes(new byte[0], "empty.jar");
        host.deployBytes(jar(null, null), "library.jar");

        assertFailed("corrupt.jar", "not a jar or zip file");
        assertFailed("empty.jar", "the file is empty");
        assertFailed("library.jar", "not an OSGi bundle: the manifest has no Bundle-SymbolicName");
        greeterAnswers();
        for (String file : List.of("corrupt.jar", "empty.jar", "library.jar")) {
            Files.delete(host.deploy().resolve(file));
        }
    }

    @Test
    public void b_aFileStillBeingWrittenWaitsToBeComplete() throws Exception {
        byte[] v2 = Files.readAllBytes(SwitchboardOptions.connector("greeter-v2"));
        try (OutputStream out = Files.newOutputStream(host.deploy().resolve("slow.jar"))) {
            out.write(Arrays.copyOf(v2, v2.length / 2));
            out.flush();
            JsonNode waiting = host.awaitDeployment("slow.jar", WAIT, d -> true);
            assertEquals("FAILED", waiting.get("state").asText());
            assertTrue(
                    waiting.toString(), waiting.get("reason").asText().contains("waiting for the file to be complete"));
            Thread.sleep(1000); // longer than FileInstall's stability check: it may try, and fail on, half a jar
            out.write(v2, v2.length / 2, v2.length - v2.length / 2);
        }
        JsonNode complete = host.awaitDeployment(
                "slow.jar",
                WAIT,
                d -> "ACTIVE".equals(d.path("state").asText())
                        && "greeter@2.0.0".equals(d.path("connectors").path(0).asText()));
        assertEquals(1, complete.get("connectors").size());
        greeterAnswers();
        Files.delete(host.deploy().resolve("slow.jar"));
        Await.until("slow.jar to leave", WAIT, () -> host.connectorVersions("greeter"), l -> l.size() == 1);
    }

    @Test
    public void c_missingImportsAreUnresolvedNamingThePackage() throws Exception {
        host.deploy("unresolved", "unresolved.jar");
        JsonNode d = host.awaitDeployment(
                "unresolved.jar", WAIT, x -> "UNRESOLVED".equals(x.path("state").asText()));
        assertEquals(
                d.toString(),
                "Missing requirement: package dev.switchboard.itests.nowhere [1.0.0,2.0.0)",
                d.get("reason").asText());
        assertEquals(
                "dev.switchboard.itests.unresolved",
                d.at("/bundle/symbolicName").asText());
        greeterAnswers();
        Files.delete(host.deploy().resolve("unresolved.jar"));
    }

    @Test
    public void d_badProvidersAndAFailedComponentAreReportedWhileOthersWork() throws Exception {
        host.deploy("faulty", "faulty.jar");
        JsonNode d = host.awaitDeployment(
                "faulty.jar",
                Duration.ofSeconds(20),
                x -> x.path("reason").asText().contains("hanging@1.0.0"));
        assertEquals("FAILED", d.get("state").asText());
        String reason = d.get("reason").asText();
        assertTrue(
                reason,
                reason.contains("component dev.switchboard.itests.faulty.FailingActivation failed to " + "activate"));
        assertTrue(reason, reason.contains("cannot reach the licence server"));
        for (String part :
                List.of("throwing@1.0.0", "nullops@1.0.0", "duplicates@1.0.0", "badschema@1.0.0", "twin@1.0.0")) {
            assertTrue(part + " in " + reason, reason.contains(part));
        }

        assertConnector("throwing", "FAILED", "operation catalogue unavailable");
        assertConnector("nullops", "FAILED", "null");
        assertConnector("hanging", "FAILED", "within");
        assertConnector("duplicates", "FAILED", "same");
        assertConnector("badschema", "FAILED", "schema");
        List<JsonNode> twins = host.connectorVersions("twin");
        assertEquals(2, twins.size());
        assertEquals(
                1,
                twins.stream()
                        .filter(t -> "CONFLICT".equals(t.path("state").asText())
                                && t.path("reason").asText().contains("already provided"))
                        .count());

        assertEquals(200, invoke("misbehaving", "ok").statusCode());
        assertEquals(409, invoke("misbehaving", "operationError").statusCode());
        assertEquals(502, invoke("misbehaving", "throwRuntime").statusCode());
        assertEquals(502, invoke("misbehaving", "returnNull").statusCode());
        HttpResponse<String> failedFuture = invoke("misbehaving", "failedFuture");
        assertEquals(502, failedFuture.statusCode());
        assertTrue(failedFuture.body(), failedFuture.body().contains("backend unreachable"));
        // "never completes" and "blocks" answer 504 after invoke.timeout.ms (60 s here): HostIT checks them at 1.5 s
        greeterAnswers();
    }

    @Test
    public void e_anUpdateThatCannotBeInstalledLeavesThePreviousVersionServing() throws Exception {
        // a jar FileInstall accepts as a bundle, but whose manifest the framework refuses on update
        host.deployBytes(jar("dev.switchboard.itests.greeter", "3.0.0"), "greeter.jar");
        JsonNode d = host.awaitDeployment(
                "greeter.jar", WAIT, x -> "FAILED".equals(x.path("state").asText()));
        String reason = d.get("reason").asText();
        assertTrue(reason, reason.contains("the file now holds dev.switchboard.itests.greeter 3.0.0"));
        assertTrue(reason, reason.contains("installed from the previous content, keeps serving"));
        assertEquals("greeter@1.0.0", d.get("connectors").get(0).asText());
        greeterAnswers();
        host.deploy("greeter-v1", "greeter.jar");
        awaitGreeterV1();
    }

    @Test
    public void f_aCorruptReplacementIsReportedWithWhereThePreviousContentIs() throws Exception {
        // FileInstall 3.7.4 tries the update (refused), then uninstalls the bundle of a file that is no bundle
        host.deployBytes("garbage".getBytes(StandardCharsets.UTF_8), "greeter.jar");
        JsonNode d = host.awaitDeployment(
                "greeter.jar",
                WAIT,
                x -> "FAILED".equals(x.path("state").asText())
                        && x.path("bundle").isMissingNode()
                        && !x.path("reason").asText().contains("waiting"));
        String reason = d.get("reason").asText();
        assertTrue(reason, reason.startsWith("not a jar or zip file"));
        assertTrue(reason, reason.contains("the bundle installed from its previous content was uninstalled"));
        assertTrue(reason, reason.contains("data/archive/greeter.jar/"));
        assertTrue("greeter is gone", host.connectorVersions("greeter").isEmpty());
        host.deploy("greeter-v1", "greeter.jar");
        awaitGreeterV1();
        greeterAnswers();
    }

    @Test
    public void g_aSecondFileWithTheSameBundleNamesTheOther() throws Exception {
        host.deploy("greeter-v1", "a-greeter-copy.jar");
        JsonNode d = host.awaitDeployment(
                "a-greeter-copy.jar",
                WAIT,
                x -> "DUPLICATE".equals(x.path("state").asText()));
        assertTrue(d.toString(), d.get("reason").asText().startsWith("same bundle as greeter.jar"));
        assertEquals("ACTIVE", host.deployment("greeter.jar").get("state").asText());
        greeterAnswers();
        Files.delete(host.deploy().resolve("a-greeter-copy.jar"));
    }

    @Test
    public void h_aFileRemovedWhileTheHostIsDownIsGoneAfterARestart() throws Exception {
        assertNotNull(host.deployment("faulty.jar"));
        assertEquals(0, host.stop());
        Files.delete(host.deploy().resolve("faulty.jar"));
        host.start();
        awaitGreeterV1();
        assertNull(host.deployment("faulty.jar"));
        assertTrue(host.connectorVersions("throwing").isEmpty());
        assertTrue(host.connectorVersions("misbehaving").isEmpty());
        greeterAnswers();
    }

    /** greeter.jar ACTIVE with its connector loaded (a bundle is ACTIVE a moment before its connector is). */
    private static void awaitGreeterV1() {
        host.awaitDeployment(
                "greeter.jar",
                WAIT,
                x -> "ACTIVE".equals(x.path("state").asText())
                        && "greeter@1.0.0".equals(x.path("connectors").path(0).asText()));
    }

    private static void assertFailed(String file, String reasonPart) {
        JsonNode d =
                host.awaitDeployment(file, WAIT, x -> x.path("reason").asText().contains(reasonPart));
        assertEquals(d.toString(), "FAILED", d.get("state").asText());
        assertTrue(d.toString(), d.path("bundle").isMissingNode());
    }

    private static void assertConnector(String id, String state, String reasonPart) {
        List<JsonNode> versions = Await.until(
                id + " " + state,
                WAIT,
                () -> host.connectorVersions(id),
                l -> l.size() == 1 && state.equals(l.get(0).path("state").asText()));
        assertTrue(versions.toString(), versions.get(0).path("reason").asText().contains(reasonPart));
        assertEquals(0, versions.get(0).path("operationCount").asInt());
    }

    private static HttpResponse<String> invoke(String connector, String operation) {
        return host.post("/api/connectors/" + connector + "/operations/" + operation + "/invoke", "{}");
    }

    private static void greeterAnswers() {
        HttpResponse<String> invoked = host.post("/api/connectors/greeter/operations/greet/invoke", GREET);
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals(
                "Hello, Ada!",
                SwitchboardProcess.json(invoked).at("/body/message").asText());
    }

    /** A jar with a manifest; with a symbolic name it also declares an export the framework refuses. */
    private static byte[] jar(String symbolicName, String version) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", symbolicName);
            main.putValue("Bundle-Version", version);
            main.putValue("Export-Package", "dev.switchboard.itests.greeter;version=\"not-a-version\"");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("a test jar".getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
