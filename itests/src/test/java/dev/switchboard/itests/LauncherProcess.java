package dev.switchboard.itests;

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
 * The launcher distribution ({@code itest.distribution}) started as a separate process on a free loopback port with
 * a fresh home, and the few HTTP calls the end-to-end tests make against it.
 */
public final class LauncherProcess implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final Path home;
    private final String base;
    private final String password;
    private final int port;
    private final String authorization;
    private final HttpClient http;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private LauncherProcess(Process process, Path home, int port, String password, HttpClient http) {
        this.process = process;
        this.home = home;
        this.base = "http://127.0.0.1:" + port;
        this.password = password;
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        this.http = http;
    }

    /** Starts the host and waits (at most 90 s) until it says it is ready. */
    public static LauncherProcess start(String name, HttpClient http) throws IOException {
        Path distribution = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"));
        Path launcherJar = distribution.resolve("switchboard.jar");
        if (!Files.isRegularFile(launcherJar)) {
            throw new IllegalStateException("the launcher distribution is not built: " + launcherJar);
        }
        Path home = Files.createTempDirectory("switchboard-" + name);
        int port = freePort();
        String password = name + "-" + Long.toHexString(System.nanoTime());
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        LauncherProcess launcher = new LauncherProcess(pb.start(), home, port, password, http);
        launcher.pumpOutput();
        Await.until("'Switchboard ready in N ms'", Duration.ofSeconds(90), () -> launcher.output.stream()
                .anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")) || !launcher.process.isAlive(), done -> done);
        if (!launcher.process.isAlive()) {
            throw new IllegalStateException("the host stopped; output:\n" + String.join("\n", launcher.output));
        }
        return launcher;
    }

    private void pumpOutput() {
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
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
    }

    /** Starts the host with a client of its own. */
    public static LauncherProcess start(String name) throws IOException {
        return start(name, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return base;
    }

    public Path home() {
        return home;
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    public List<String> output() {
        return output;
    }

    /**
     * Puts a test connector's jar into the deploy folder under {@code fileName}: written next to the folder first,
     * then moved over the old file in one step, so FileInstall never sees half a jar.
     */
    public void deploy(String artifact, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.copy(SwitchboardOptions.connector(artifact), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy().resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).timeout(Duration.ofSeconds(10)).build());
    }

    public HttpRequest post(String path, String body) {
        return request(path).timeout(Duration.ofSeconds(70)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
