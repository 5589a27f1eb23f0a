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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The launcher distribution ({@code itest.distribution}) as a separate process with its own home, a free loopback
 * port and a password of its own, and an HTTP client for it: what every end-to-end test starts. It can be stopped
 * (SIGTERM, with its exit code) or killed, and started again on the same home and port. Every line the process
 * prints is kept (all runs), and, when asked, every response it gave, for tests that check what never appears in
 * either.
 */
final class SwitchboardProcess implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final Path home;
    private final int port;
    private final String base;
    private String password = "e2e-" + Long.toHexString(System.nanoTime());
    private String label = "host";
    private Duration readyTimeout = Duration.ofSeconds(90);
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> arguments = new ArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> responses = new CopyOnWriteArrayList<>();
    private volatile boolean recordResponses;
    private Process process;

    private SwitchboardProcess(Path home, int port) {
        this.home = home;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts Switchboard on a new home folder and waits until it is ready. */
    static SwitchboardProcess start(String name) throws Exception {
        return create(name).start();
    }

    /**
     * A new home folder (with an empty deploy folder) and a free port, not started yet: put files into
     * {@link #home()} or {@link #deploy()}, set {@link #environment(Map) variables}, then {@link #start()}.
     */
    static SwitchboardProcess create(String name) throws IOException {
        SwitchboardProcess process = new SwitchboardProcess(Files.createTempDirectory(name), freePort());
        Files.createDirectories(process.deploy());
        return process;
    }

    /** Extra environment variables for the process (applies from the next start). */
    SwitchboardProcess environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Command-line arguments of the launcher, such as {@code --feature core} (applies from the next start). */
    SwitchboardProcess arguments(String... values) {
        arguments.addAll(List.of(values));
        return this;
    }

    /**
     * The admin password (applies from the next start; the client uses it at once): nodes of one cluster share one,
     * as an operator would give them.
     */
    SwitchboardProcess password(String value) {
        password = value;
        return this;
    }

    /** How long {@link #start()} waits for "Switchboard ready" (default 90 s; several hosts starting at once share the cores). */
    SwitchboardProcess readyTimeout(Duration value) {
        readyTimeout = value;
        return this;
    }

    /** The prefix of the lines it prints into the test's output, such as {@code node-a} (default {@code host}). */
    SwitchboardProcess label(String value) {
        label = value;
        return this;
    }

    /** Keeps the headers and body of every response from now on: {@link #responses()}. */
    SwitchboardProcess recordResponses() {
        recordResponses = true;
        return this;
    }

    /** Starts (again, on the same home and port) and waits for "Switchboard ready in N ms". */
    SwitchboardProcess start() throws Exception {
        int from = output.size();
        Process started = launch();
        Await.until(
                "'Switchboard ready in N ms'",
                readyTimeout,
                () -> output.stream().skip(from).anyMatch(l -> l.matches("Switchboard ready in \\d+ ms"))
                        || !started.isAlive(),
                ready -> ready);
        assertTrue("the host is running; output:\n" + String.join("\n", output), started.isAlive());
        return this;
    }

    /** Starts (again, on the same home and port) and returns at once, without waiting for it to be ready. */
    Process launch() throws IOException {
        Path launcherJar = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"))
                .resolve("switchboard.jar");
        assertTrue("the launcher distribution is built: " + launcherJar, Files.isRegularFile(launcherJar));
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                launcherJar.toAbsolutePath().toString()));
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        Process started = pb.start();
        process = started;
        pumpOutput(started);
        return started;
    }

    private void pumpOutput(Process started) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            output.add(line);
                            System.out.println("[" + label + "] " + line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "host-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** SIGTERM, then waits (at most 30 s) for the exit. */
    int stop() throws InterruptedException {
        process.destroy();
        assertTrue("the host stops within 30 s", process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    /** kill -9: no shutdown hook, nothing closed cleanly; returns once the process is gone. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                assertTrue("the host dies within 30 s", process.waitFor(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the host to die", e);
            }
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        kill();
    }

    Path home() {
        return home;
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    int port() {
        return port;
    }

    String password() {
        return password;
    }

    String baseUrl() {
        return base;
    }

    /** Every line the process printed, over all its runs. */
    List<String> output() {
        return output;
    }

    /** The last {@code lines} lines the process printed, for a failure message. */
    String tail(int lines) {
        List<String> snapshot = List.copyOf(output); // a sub-list view of a copy-on-write list fails once it grows
        return String.join("\n", snapshot.subList(Math.max(0, snapshot.size() - lines), snapshot.size()));
    }

    /** Headers and body of every response since {@link #recordResponses()}. */
    List<String> responses() {
        return responses;
    }

    /* ---- the deploy folder: written beside it, then moved in, so FileInstall never sees half a file ---------- */

    /** Puts a test connector's jar (a module of {@code itests/connectors}) into the deploy folder. */
    void deploy(String artifact, String fileName) throws IOException {
        deployBytes(Files.readAllBytes(SwitchboardOptions.connector(artifact)), fileName);
    }

    void deployText(String text, String fileName) throws IOException {
        deployBytes(text.getBytes(StandardCharsets.UTF_8), fileName);
    }

    void deployBytes(byte[] content, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.write(staged, content);
        Files.move(
                staged,
                deploy().resolve(fileName),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Waits until the host logged a line containing {@code expected} after taking deploy-folder configuration file
     * {@code fileName}; fails with what the file holds. Nothing rewrites the file meanwhile: FileInstall's write-back
     * is off and the host writes configuration files whole ({@code DeployFolderConfigWritesE2EIT}).
     */
    void awaitConfiguration(String fileName, String expected, Duration timeout) throws IOException {
        Path file = deploy().resolve(fileName);
        try {
            Await.until(
                    "'" + expected + "' after " + fileName,
                    timeout,
                    () -> output.stream().anyMatch(l -> l.contains(expected)),
                    found -> found);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; the file holds: '" + (Files.exists(file) ? Files.readString(file) : "(gone)")
                            + "'",
                    e);
        }
    }

    /* ---- HTTP, as admin unless said otherwise ----------------------------------------------------------------- */

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A request to {@code path} with the admin's credentials. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic("admin", password));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** Without credentials. */
    HttpResponse<String> getAnonymous(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(postRequest(path, body));
    }

    /** A JSON POST, for {@link #send} or {@link #sendAsync}. */
    HttpRequest postRequest(String path, String body) {
        return withBody(path, "POST", body);
    }

    HttpResponse<String> put(String path, String body) {
        return send(putRequest(path, body));
    }

    /** A JSON PUT, for {@link #send}. */
    HttpRequest putRequest(String path, String body) {
        return withBody(path, "PUT", body);
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    private HttpRequest withBody(String path, String method, String body) {
        // long enough for an invocation that ends in the dispatcher's own timeout (60 s by default)
        return request(path)
                .timeout(Duration.ofSeconds(70))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return recorded(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(this::recorded);
    }

    private HttpResponse<String> recorded(HttpResponse<String> response) {
        if (recordResponses) {
            responses.add(response.headers().map() + "\n" + response.body());
        }
        return response;
    }

    /* ---- JSON ------------------------------------------------------------------------------------------------- */

    static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    JsonNode getJson(String path) {
        return json(get(path));
    }

    /** The first item of {@code array} whose {@code field} is {@code value}, or {@code null}. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.path(field).asText())) {
                return item;
            }
        }
        return null;
    }

    /**
     * The {@code GET /api/deployments} entry of a file, {@code null} when it is not listed, or when the API is
     * briefly away (a configuration change restarts the components it depends on).
     */
    JsonNode deployment(String fileName) {
        HttpResponse<String> response = get("/api/deployments");
        return response.statusCode() == 200 ? find(json(response), "file", fileName) : null;
    }

    /** The {@code GET /api/connectors} entries of a connector id, highest version first. */
    List<JsonNode> connectorVersions(String id) {
        List<JsonNode> versions = new ArrayList<>();
        getJson("/api/connectors").forEach(c -> {
            if (id.equals(c.path("id").asText())) {
                versions.add(c);
            }
        });
        return versions;
    }

    /* ---- waiting ---------------------------------------------------------------------------------------------- */

    /** Waits until the file is listed in {@code GET /api/deployments} and {@code done} holds for its entry. */
    JsonNode awaitDeployment(String fileName, Duration timeout, Predicate<JsonNode> done) {
        return Await.until(
                fileName + " in GET /api/deployments",
                timeout,
                () -> deployment(fileName),
                d -> d != null && done.test(d));
    }

    /**
     * Waits until the highest version of connector {@code id} is ACTIVE, and is {@code version} unless that is
     * {@code null}; returns its entry.
     */
    JsonNode awaitActive(String id, String version, Duration timeout) {
        return Await.until(
                id + " " + (version == null ? "" : version + " ") + "ACTIVE in GET /api/connectors",
                timeout,
                () -> {
                    List<JsonNode> versions = connectorVersions(id);
                    return versions.isEmpty() ? null : versions.get(0);
                },
                c -> c != null
                        && (version == null || version.equals(c.path("version").asText()))
                        && "ACTIVE".equals(c.path("state").asText()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
