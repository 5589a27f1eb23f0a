package dev.switchboard.connector.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real Switchboard host for integration tests: the launcher distribution started as a separate process with a
 * temporary home, a free loopback port and an admin password of its own; bundles go into its deploy folder, calls go
 * over HTTP with the admin's credentials. {@link #close()} stops it (SIGTERM, then kill after 30 s) and deletes the
 * home. Use it through {@link SwitchboardHostExtension} in JUnit 5, or directly.
 * <p>
 * The distribution is the folder that holds {@code switchboard.jar} ({@code launcher/target/switchboard} in a
 * Switchboard build): give it to {@link #start(Path)}, or set the system property {@value #DISTRIBUTION_PROPERTY} or
 * the environment variable {@value #DISTRIBUTION_ENV}.
 */
public final class SwitchboardHost implements AutoCloseable {

    /** System property naming the distribution folder. */
    public static final String DISTRIBUTION_PROPERTY = "switchboard.distribution";
    /** Environment variable naming the distribution folder, when the system property is not set. */
    public static final String DISTRIBUTION_ENV = "SWITCHBOARD_DISTRIBUTION";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final int port;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;
    private long bootMillis;

    private SwitchboardHost(Path home, int port, String password) {
        this.home = home;
        this.port = port;
        this.password = password;
    }

    /** Starts the distribution named by {@value #DISTRIBUTION_PROPERTY} or {@value #DISTRIBUTION_ENV}. */
    public static SwitchboardHost start() throws IOException, InterruptedException {
        return start(configuredDistribution());
    }

    /**
     * Starts the distribution in {@code distribution} on a new temporary home and waits until it is ready.
     *
     * @throws IllegalStateException when the distribution is missing, or the host does not get ready (with its output)
     */
    public static SwitchboardHost start(Path distribution) throws IOException, InterruptedException {
        Path jar = distribution.resolve("switchboard.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No Switchboard distribution at " + distribution.toAbsolutePath()
                    + " (no switchboard.jar): build it (mvn package in the Switchboard checkout gives "
                    + "launcher/target/switchboard) and name it with -D" + DISTRIBUTION_PROPERTY + "=... or "
                    + DISTRIBUTION_ENV);
        }
        byte[] secret = new byte[12];
        RANDOM.nextBytes(secret);
        SwitchboardHost host = new SwitchboardHost(
                Files.createTempDirectory("switchboard-test-"),
                freePort(),
                "test-" + HexFormat.of().formatHex(secret));
        Files.createDirectories(host.deployFolder());
        host.launch(jar);
        return host;
    }

    static Path configuredDistribution() {
        String configured = System.getProperty(DISTRIBUTION_PROPERTY, System.getenv(DISTRIBUTION_ENV));
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("Where is the Switchboard distribution? Set -D" + DISTRIBUTION_PROPERTY
                    + "=<folder with switchboard.jar> (launcher/target/switchboard in a Switchboard build) or "
                    + DISTRIBUTION_ENV);
        }
        return Paths.get(configured);
    }

    private void launch(Path jar) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toAbsolutePath().toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("SWITCHBOARD_HOME", home.toString());
        builder.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        builder.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        process = builder.start();
        Thread pump = new Thread(this::pumpOutput, "switchboard-test-host-output");
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (output.stream().noneMatch(line -> line.matches("Switchboard ready in \\d+ ms"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Switchboard did not get ready"
                        + (process.isAlive() ? " within " + READY_TIMEOUT.toSeconds() + " s" : " (it exited)")
                        + "; its output:\n" + String.join("\n", output));
            }
            Thread.sleep(20);
        }
        bootMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private void pumpOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** From starting the process until it printed that it is ready, in milliseconds. */
    public long bootMillis() {
        return bootMillis;
    }

    /** The temporary home ({@code deploy/}, {@code conf/}, {@code data/}, {@code logs/}). */
    public Path home() {
        return home;
    }

    /** The deploy folder: a jar or {@code .cfg} file put here is deployed. */
    public Path deployFolder() {
        return home.resolve("deploy");
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The admin password (user {@code admin}). */
    public String password() {
        return password;
    }

    /** Every line the host printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /**
     * Copies {@code jar} into the deploy folder (written beside it, then moved in, so the host never sees half a
     * file) and waits until {@code /api/deployments} says what became of it.
     *
     * @return its entry in {@code /api/deployments}: {@code {file, state, bundle, connectors, reason?}}
     * @throws AssertionError when it is not ACTIVE with at least one connector: with its state and the host's reason
     */
    public JsonNode deployConnector(Path jar) throws IOException, InterruptedException {
        return awaitDeployment(deploy(jar), Duration.ofSeconds(30));
    }

    /** Copies {@code jar} into the deploy folder; returns the file name it got. */
    public String deploy(Path jar) throws IOException {
        String name = jar.getFileName().toString();
        Path staged = home.resolve(name + ".staged");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
                staged,
                deployFolder().resolve(name),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return name;
    }

    /**
     * Waits until the deployment of {@code file} settles (neither missing nor {@code PENDING}) and checks it serves.
     *
     * @throws AssertionError when it is not ACTIVE with a connector after {@code timeout}, naming the host's reason
     */
    public JsonNode awaitDeployment(String file, Duration timeout) throws InterruptedException {
        final long settledNanos = 2_000_000_000L;
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode entry = null;
        String settling = null;
        long settlingSince = 0;
        while (System.nanoTime() < deadline) {
            entry = deploymentOf(file);
            if (entry != null) {
                String state = entry.path("state").asText();
                boolean serving =
                        "ACTIVE".equals(state) && entry.path("connectors").size() > 0;
                if (serving) {
                    return entry;
                }
                // ACTIVE without connectors yet: the provider's manifest may still be loading; any other state is
                // the answer once it has held for a moment (a bundle just installed reads UNRESOLVED until started)
                if (!"PENDING".equals(state) && !"ACTIVE".equals(state) && !"INSTALLED".equals(state)) {
                    if (!state.equals(settling)) {
                        settling = state;
                        settlingSince = System.nanoTime();
                    } else if (System.nanoTime() - settlingSince > settledNanos) {
                        break;
                    }
                } else {
                    settling = null;
                }
            }
            Thread.sleep(50);
        }
        if (entry == null) {
            throw new AssertionError(
                    file + " does not appear in /api/deployments within " + timeout.toMillis() + " ms");
        }
        throw new AssertionError(file + " is " + entry.path("state").asText()
                + (entry.path("connectors").size() == 0 ? " with no connector" : "")
                + (entry.hasNonNull("reason") ? ": " + entry.path("reason").asText() : ""));
    }

    private JsonNode deploymentOf(String file) {
        HttpResponse<String> response = get("/api/deployments");
        if (response.statusCode() != 200) {
            return null;
        }
        try {
            JsonNode body = MAPPER.readTree(response.body());
            JsonNode list = body.isArray() ? body : body.path("deployments");
            for (JsonNode entry : list) {
                if (file.equals(entry.path("file").asText())) {
                    return entry;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request to {@code path} (for example {@code /api/connectors}) with the admin's credentials. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** GET as admin. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    /** POST a JSON body as admin (same origin, {@code application/json}, as the API requires). */
    public HttpResponse<String> post(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Origin", baseUrl())
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /**
     * {@code POST /api/connectors/{connector}/operations/{operation}/invoke} with
     * {@code {"connection": <connectionJson>, "parameters": <parametersJson>}}.
     */
    public HttpResponse<String> invoke(
            String connector, String operation, String connectionJson, String parametersJson) {
        return post(
                "/api/connectors/" + connector + "/operations/" + operation + "/invoke",
                "{\"connection\":" + connectionJson + ",\"parameters\":" + parametersJson + "}");
    }

    /** The body parsed as JSON. */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** The HTTP client the host's requests go through. */
    public HttpClient client() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the host (SIGTERM; killed after 30 s) and deletes its home. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(SwitchboardHost::deleteQuietly);
        } catch (IOException ignored) {
            // a temporary folder: left for the OS
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Deletes a file or empty folder of the temporary home; what cannot be deleted is left for the OS. */
    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a temporary folder: left for the OS
        }
    }
}
