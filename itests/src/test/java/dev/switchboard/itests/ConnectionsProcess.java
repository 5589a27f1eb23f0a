package dev.switchboard.itests;

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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The launcher distribution as a separate process with its own home, port and password, and an HTTP client for its
 * API. Keeps every line the process printed and every response body it received, for tests that check what never
 * appears in either.
 */
final class ConnectionsProcess {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path home;
    final Path deploy;
    final String password = "e2e-" + Long.toHexString(System.nanoTime());
    final List<String> output = new CopyOnWriteArrayList<>();
    final List<String> responses = new CopyOnWriteArrayList<>();
    private final Map<String, String> environment;
    private final int port;
    private Process process;

    ConnectionsProcess(Path home, Map<String, String> environment) throws IOException {
        this.home = home;
        this.deploy = home.resolve("deploy");
        this.environment = Map.copyOf(environment);
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Starts the launcher and waits for "Switchboard ready in N ms". */
    ConnectionsProcess start() throws Exception {
        Path distribution = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"));
        Path launcherJar = distribution.resolve("switchboard.jar");
        assertTrue("the launcher distribution is built: " + launcherJar, Files.isRegularFile(launcherJar));
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        int from = output.size();
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
        Await.until("'Switchboard ready in N ms'", Duration.ofSeconds(90), () -> output.subList(from, output.size())
                .stream().anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")) || !started.isAlive(), d -> d);
        assertTrue("the host is running; output:\n" + String.join("\n", output), started.isAlive());
        return this;
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        assertTrue("the host stops within 30 s", process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Copies a test connector into the deploy folder, through a move so FileInstall never sees half a file. */
    void deploy(Path source, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.copy(source, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes a text file into the deploy folder, through a move. */
    void deployText(String text, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.writeString(staged, text);
        Files.move(staged, deploy.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            responses.add(response.headers().map() + "\n" + response.body());
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
