package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The launcher distribution ({@code itest.distribution}) as a separate process on a free port with its own home,
 * and an HTTP client for its API. It can be stopped and started again on the same home and port.
 */
final class SwitchboardProcess implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;
    final Path deploy;
    private final String password = "e2e-" + Long.toHexString(System.nanoTime());
    private final String base;
    private final int port;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    private SwitchboardProcess(Path home, int port) {
        this.home = home;
        this.deploy = home.resolve("deploy");
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts Switchboard on a new home folder and waits until it is ready. */
    static SwitchboardProcess start(String name) throws Exception {
        SwitchboardProcess host = create(name);
        host.start();
        return host;
    }

    /** A new home folder (with an empty deploy folder) and a free port; {@link #start()} starts it. */
    static SwitchboardProcess create(String name) throws IOException {
        SwitchboardProcess host = new SwitchboardProcess(Files.createTempDirectory(name), freePort());
        Files.createDirectories(host.deploy);
        return host;
    }

    /** Starts (again) and waits for "Switchboard ready in N ms". */
    void start() throws Exception {
        Path distribution = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"));
        Path launcherJar = distribution.resolve("switchboard.jar");
        assertTrue("the launcher distribution is built: " + launcherJar, Files.isRegularFile(launcherJar));
        output.clear();
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        Process started = pb.start();
        process = started;
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
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
                .anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")) || !started.isAlive(), done -> done);
        assertTrue("the host is running; output:\n" + String.join("\n", output), started.isAlive());
    }

    /** SIGTERM, and the clean exit code. */
    void stop() throws Exception {
        process.destroy();
        assertTrue("the host stops within 30 s", process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(String.join("\n", output), 0, process.exitValue());
    }

    /** SIGKILL (kill -9): no shutdown hook, no clean close of anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue("the host dies within 30 s", process.waitFor(30, TimeUnit.SECONDS));
    }

    /** The base URL, {@code http://127.0.0.1:port}. */
    String baseUrl() {
        return base;
    }

    HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", basic()).DELETE().build());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Copies a test connector into the deploy folder the safe way: written beside it, then moved in. */
    void deploy(String artifact, String fileName) throws IOException {
        deployBytes(Files.readAllBytes(SwitchboardOptions.connector(artifact)), fileName);
    }

    void deployBytes(byte[] content, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.write(staged, content);
        Files.move(staged, deploy.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", basic()).build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(70))
                .header("Authorization", basic())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    JsonNode getJson(String path) {
        return json(get(path));
    }

    /**
     * The {@code GET /api/deployments} entry of a file, {@code null} when it is not listed, or when the API is
     * briefly away (a configuration change restarts the components it depends on).
     */
    JsonNode deployment(String fileName) {
        HttpResponse<String> response = get("/api/deployments");
        return response.statusCode() == 200 ? find(json(response), "file", fileName) : null;
    }

    /** The {@code GET /api/connectors} entries of a connector id. */
    List<JsonNode> connectorVersions(String id) {
        List<JsonNode> versions = new java.util.ArrayList<>();
        getJson("/api/connectors").forEach(c -> {
            if (id.equals(c.path("id").asText())) {
                versions.add(c);
            }
        });
        return versions;
    }

    /** Waits until the file is listed in {@code GET /api/deployments} and {@code done} holds for its entry. */
    JsonNode awaitDeployment(String fileName, Duration timeout, java.util.function.Predicate<JsonNode> done) {
        return Await.until(fileName + " in GET /api/deployments", timeout, () -> deployment(fileName),
                d -> d != null && done.test(d));
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
