package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real launcher distribution as a separate process, driven over HTTP the way a user would: drop a connector jar
 * into the deploy folder, see it, invoke it, replace it, delete it.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LauncherE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PASSWORD = "e2e-" + Long.toHexString(System.nanoTime());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Process host;
    private static Path home;
    private static Path deploy;
    private static String base;
    private static final List<String> output = new CopyOnWriteArrayList<>();

    @BeforeClass
    public static void startHost() throws Exception {
        Path distribution = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"));
        Path launcherJar = distribution.resolve("switchboard.jar");
        assertTrue("the launcher distribution is built: " + launcherJar, Files.isRegularFile(launcherJar));
        home = Files.createTempDirectory("switchboard-e2e");
        deploy = home.resolve("deploy");
        int port = freePort();
        base = "http://127.0.0.1:" + port;

        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", PASSWORD);
        host = pb.start();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                    System.out.println("[host] " + line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "host-output");
        pump.setDaemon(true);
        pump.start();

        Await.until("'Switchboard ready in N ms'", Duration.ofSeconds(90), () -> output.stream()
                .anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")) || !host.isAlive(), done -> done);
        assertTrue("the host is running; output:\n" + String.join("\n", output), host.isAlive());
        assertTrue(Files.isDirectory(deploy));
    }

    @AfterClass
    public static void stopHost() throws Exception {
        if (host != null && host.isAlive()) {
            host.destroyForcibly();
        }
    }

    @Test
    public void a_healthIsOpenEverythingElseNeedsCredentials() throws Exception {
        assertEquals(200, get("/api/health", false).statusCode());
        assertEquals("UP", json(get("/api/health", false)).get("status").asText());

        HttpResponse<String> anonymous = get("/api/connectors", false);
        assertEquals(401, anonymous.statusCode());
        assertEquals("application/json", anonymous.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(json(anonymous).get("error").has("code"));
        assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/api/connectors"))
                .header("Authorization", basic("admin", "admin")).build()).statusCode());
        assertEquals(401, get("/system/console/bundles", false).statusCode());
        assertEquals(200, get("/system/console/bundles", true).statusCode());
        assertFalse("the password never appears in the output", String.join("\n", output).contains(PASSWORD));
    }

    @Test
    public void b_aDroppedConnectorIsListedWithinTwoSecondsAndInvocable() throws Exception {
        long start = System.nanoTime();
        copyInto("greeter-v1", "greeter.jar");
        JsonNode operations = Await.until("greeter's operations in GET /api/operations", Duration.ofSeconds(2),
                () -> json(get("/api/operations", true)), ops -> contains(ops, "greeter", "greet"));
        System.out.println("drop -> listed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(1, count(operations, "greeter"));

        JsonNode connectors = json(get("/api/connectors", true));
        JsonNode greeter = find(connectors, "greeter");
        assertEquals("1.0.0", greeter.get("version").asText());
        assertEquals("ACTIVE", greeter.get("state").asText());
        assertEquals(1, greeter.get("operationCount").asInt());

        HttpResponse<String> invoked = post("/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals("Hello, Ada!", json(invoked).at("/body/message").asText());

        JsonNode deployments = json(get("/api/deployments", true));
        assertEquals("greeter.jar", deployments.get(0).get("file").asText());
        assertEquals("ACTIVE", deployments.get(0).get("state").asText());
        assertEquals("greeter@1.0.0", deployments.get(0).get("connectors").get(0).asText());
    }

    @Test
    public void c_malformedRequestsGetClearErrors() throws Exception {
        HttpResponse<String> badJson = post("/api/connectors/greeter/operations/greet/invoke", "{\"parameters\": ");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body(), json(badJson).at("/error/message").asText().length() > 0);

        HttpResponse<String> invalid = post("/api/connectors/greeter/operations/greet/invoke",
                "{\"connection\":{\"salutation\":\"Hi\"},\"parameters\":{\"times\":9}}");
        assertEquals(400, invalid.statusCode());
        assertEquals("InvalidInput", json(invalid).at("/error/code").asText());
        assertTrue(json(invalid).at("/error/details").size() >= 2);

        assertEquals(404, post("/api/connectors/nobody/operations/greet/invoke", "{}").statusCode());
        assertEquals(413, post("/api/connectors/greeter/operations/greet/invoke",
                "{\"parameters\":{\"name\":\"" + "x".repeat(1_100_000) + "\"}}").statusCode());
    }

    @Test
    public void d_replacingTheJarSwapsTheVersion() throws Exception {
        copyInto("greeter-v2", "greeter.jar");
        Await.until("greeter 2.0.0 with farewell", Duration.ofSeconds(10),
                () -> json(get("/api/operations", true)), ops -> contains(ops, "greeter", "farewell"));
        JsonNode detail = json(get("/api/connectors/greeter", true));
        assertEquals("2.0.0", detail.get("version").asText());
        assertEquals(1, detail.get("versions").size());

        HttpResponse<String> invoked = post("/api/connectors/greeter/operations/farewell/invoke",
                "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals("Goodbye, Ada.", json(invoked).at("/body/message").asText());
    }

    @Test
    public void e_aFileThatIsNotABundleIsListedAsFailed() throws Exception {
        Files.writeString(deploy.resolve("notes.jar"), "this is not a jar");
        JsonNode deployments = Await.until("notes.jar in GET /api/deployments", Duration.ofSeconds(5),
                () -> json(get("/api/deployments", true)), d -> find(d, "notes.jar", "file") != null);
        JsonNode notes = find(deployments, "notes.jar", "file");
        assertEquals("FAILED", notes.get("state").asText());
        assertTrue(notes.toString(), notes.get("reason").asText().length() > 10);
        Files.delete(deploy.resolve("notes.jar"));
        assertEquals(200, get("/api/health", false).statusCode());
    }

    @Test
    public void f_deletingTheJarRemovesTheConnector() throws Exception {
        Files.delete(deploy.resolve("greeter.jar"));
        Await.until("greeter to leave GET /api/connectors", Duration.ofSeconds(10),
                () -> json(get("/api/connectors", true)), c -> find(c, "greeter") == null);
        assertEquals(404, get("/api/connectors/greeter", true).statusCode());
        assertEquals(0, json(get("/api/deployments", true)).size());
    }

    @Test
    public void g_sigtermStopsCleanlyWithExitCodeZero() throws Exception {
        host.destroy(); // SIGTERM
        assertTrue("the host stops within 30 s", host.waitFor(30, TimeUnit.SECONDS));
        assertEquals(String.join("\n", output.subList(Math.max(0, output.size() - 20), output.size())),
                0, host.exitValue());
    }

    private static void copyInto(String artifact, String fileName) throws IOException {
        // Write next to the folder, then move: FileInstall must never see a half-written jar.
        Path staged = home.resolve(fileName + ".staged");
        Files.copy(SwitchboardOptions.connector(artifact), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean contains(JsonNode operations, String connector, String operation) {
        for (JsonNode op : operations) {
            if (connector.equals(op.path("connector").asText()) && operation.equals(op.path("name").asText())) {
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
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, boolean authenticated) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            b.header("Authorization", basic("admin", PASSWORD));
        }
        return send(b.build());
    }

    private static HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(70))
                .header("Authorization", basic("admin", PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }
}
