package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The real launcher distribution as a separate process, driven over HTTP the way a user would: drop a connector jar
 * into the deploy folder, see it, invoke it, replace it, delete it.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LauncherE2EIT {

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-e2e");
        assertTrue(Files.isDirectory(host.deploy()));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_healthIsOpenEverythingElseNeedsCredentials() throws Exception {
        assertEquals(200, host.getAnonymous("/api/health").statusCode());
        assertEquals(
                "UP",
                SwitchboardProcess.json(host.getAnonymous("/api/health"))
                        .get("status")
                        .asText());

        HttpResponse<String> anonymous = host.getAnonymous("/api/connectors");
        assertEquals(401, anonymous.statusCode());
        assertEquals(
                "application/json",
                anonymous.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(SwitchboardProcess.json(anonymous).get("error").has("code"));
        assertEquals(
                401,
                host.send(HttpRequest.newBuilder(URI.create(host.baseUrl() + "/api/connectors"))
                                .header("Authorization", SwitchboardProcess.basic("admin", "admin"))
                                .build())
                        .statusCode());
        assertEquals(401, host.getAnonymous("/system/console/bundles").statusCode());
        assertEquals(200, host.get("/system/console/bundles").statusCode());
        assertFalse(
                "the password never appears in the output",
                String.join("\n", host.output()).contains(host.password()));
    }

    @Test
    public void b_aDroppedConnectorIsListedWithinTwoSecondsAndInvocable() throws Exception {
        long start = System.nanoTime();
        host.deploy("greeter-v1", "greeter.jar");
        JsonNode operations = Await.until(
                "greeter's operations in GET /api/operations",
                Duration.ofSeconds(2),
                () -> host.getJson("/api/operations"),
                ops -> contains(ops, "greeter", "greet"));
        System.out.println("drop -> listed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(1, count(operations, "greeter"));

        JsonNode connectors = host.getJson("/api/connectors");
        JsonNode greeter = find(connectors, "greeter");
        assertEquals("1.0.0", greeter.get("version").asText());
        assertEquals("ACTIVE", greeter.get("state").asText());
        assertEquals(1, greeter.get("operationCount").asInt());

        HttpResponse<String> invoked = host.post(
                "/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals(
                "Hello, Ada!",
                SwitchboardProcess.json(invoked).at("/body/message").asText());

        JsonNode deployments = host.getJson("/api/deployments");
        assertEquals("greeter.jar", deployments.get(0).get("file").asText());
        assertEquals("ACTIVE", deployments.get(0).get("state").asText());
        assertEquals(
                "greeter@1.0.0", deployments.get(0).get("connectors").get(0).asText());
    }

    @Test
    public void c_malformedRequestsGetClearErrors() throws Exception {
        HttpResponse<String> badJson =
                host.post("/api/connectors/greeter/operations/greet/invoke", "{\"parameters\": ");
        assertEquals(400, badJson.statusCode());
        assertTrue(
                badJson.body(),
                SwitchboardProcess.json(badJson).at("/error/message").asText().length() > 0);

        HttpResponse<String> invalid = host.post(
                "/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"times\":9}}");
        assertEquals(400, invalid.statusCode());
        assertEquals(
                "InvalidInput",
                SwitchboardProcess.json(invalid).at("/error/code").asText());
        assertTrue(SwitchboardProcess.json(invalid).at("/error/details").size() >= 2);

        assertEquals(
                404,
                host.post("/api/connectors/nobody/operations/greet/invoke", "{}")
                        .statusCode());
        assertEquals(
                413,
                host.post(
                                "/api/connectors/greeter/operations/greet/invoke",
                                "{\"parameters\":{\"name\":\"" + "x".repeat(1_100_000) + "\"}}")
                        .statusCode());
    }

    @Test
    public void d_replacingTheJarSwapsTheVersion() throws Exception {
        host.deploy("greeter-v2", "greeter.jar");
        Await.until(
                "greeter 2.0.0 with farewell",
                Duration.ofSeconds(10),
                () -> host.getJson("/api/operations"),
                ops -> contains(ops, "greeter", "farewell"));
        JsonNode detail = host.getJson("/api/connectors/greeter");
        assertEquals("2.0.0", detail.get("version").asText());
        assertEquals(1, detail.get("versions").size());

        HttpResponse<String> invoked = host.post(
                "/api/connectors/greeter/operations/farewell/invoke",
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals(
                "Goodbye, Ada.",
                SwitchboardProcess.json(invoked).at("/body/message").asText());
    }

    @Test
    public void e_aFileThatIsNotABundleIsListedAsFailed() throws Exception {
        Files.writeString(host.deploy().resolve("notes.jar"), "this is not a jar");
        JsonNode deployments = Await.until(
                "notes.jar in GET /api/deployments",
                Duration.ofSeconds(5),
                () -> host.getJson("/api/deployments"),
                d -> find(d, "notes.jar", "file") != null);
        JsonNode notes = find(deployments, "notes.jar", "file");
        assertEquals("FAILED", notes.get("state").asText());
        assertTrue(notes.toString(), notes.get("reason").asText().length() > 10);
        Files.delete(host.deploy().resolve("notes.jar"));
        assertEquals(200, host.getAnonymous("/api/health").statusCode());
    }

    @Test
    public void f_deletingTheJarRemovesTheConnector() throws Exception {
        Files.delete(host.deploy().resolve("greeter.jar"));
        Await.until(
                "greeter to leave GET /api/connectors",
                Duration.ofSeconds(10),
                () -> host.getJson("/api/connectors"),
                c -> find(c, "greeter") == null);
        assertEquals(404, host.get("/api/connectors/greeter").statusCode());
        assertEquals(0, host.getJson("/api/deployments").size());
    }

    @Test
    public void g_sigtermStopsCleanlyWithExitCodeZero() throws Exception {
        int exitCode = host.stop(); // SIGTERM; asserts that it stops within 30 s
        assertEquals(host.tail(20), 0, exitCode);
    }

    private static boolean contains(JsonNode operations, String connector, String operation) {
        for (JsonNode op : operations) {
            if (connector.equals(op.path("connector").asText())
                    && operation.equals(op.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    private static int count(JsonNode operations, String connector) {
        int n = 0;
        for (JsonNode op : operations) {
            n += connector.equals(op.path("connector").asText()) ? 1 : 0;
        }
        return n;
    }

    private static JsonNode find(JsonNode array, String id) {
        return find(array, id, "id");
    }

    private static JsonNode find(JsonNode array, String value, String field) {
        return SwitchboardProcess.find(array, field, value);
    }
}
