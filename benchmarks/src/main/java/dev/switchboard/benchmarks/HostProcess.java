package dev.switchboard.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The launcher distribution started as a separate process on a free loopback port with a fresh home; its output goes
 * to a log file. Only 127.0.0.1 is ever called.
 */
final class HostProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern READY = Pattern.compile("Switchboard ready in (\\d+) ms");

    private final Process process;
    private final long spawnedAt;
    private final Path home;
    private final int port;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private volatile long readyMillis = -1;

    private HostProcess(Process process, long spawnedAt, Path home, int port, String password) {
        this.process = process;
        this.spawnedAt = spawnedAt;
        this.home = home;
        this.port = port;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Starts the host; returns as soon as the process is spawned (see {@link #awaitHealthy}).
     *
     * @param home     its SWITCHBOARD_HOME, whose {@code deploy/} may already hold bundles
     * @param log      where its output goes
     * @param features {@code --feature} arguments; none for the default (every feature)
     */
    static HostProcess start(Path distribution, Path home, Path log, List<String> features) throws IOException {
        return start(distribution, home, log, features, List.of());
    }

    /** As {@link #start(Path, Path, Path, List)}, with JVM options before {@code -jar}. */
    static HostProcess start(Path distribution, Path home, Path log, List<String> features, List<String> jvmOptions)
            throws IOException {
        return start(distribution, home, log, features, jvmOptions, java.util.Map.of());
    }

    /**
     * As {@link #start(Path, Path, Path, List, List)}, with more environment variables (a cluster node's); a
     * {@code SWITCHBOARD_ADMIN_PASSWORD} among them is the admin password instead of a new one.
     */
    static HostProcess start(
            Path distribution,
            Path home,
            Path log,
            List<String> features,
            List<String> jvmOptions,
            java.util.Map<String, String> environment)
            throws IOException {
        Files.createDirectories(home.resolve("deploy"));
        int port = freePort();
        String password =
                environment.getOrDefault("SWITCHBOARD_ADMIN_PASSWORD", "bench-" + Long.toHexString(System.nanoTime()));
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // for profiling a run, e.g. BENCH_HOST_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/host.jfr
        String extra = System.getenv("BENCH_HOST_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar", distribution.resolve("switchboard.jar").toAbsolutePath().toString()));
        for (String feature : features) {
            command.add("--feature");
            command.add(feature);
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("SWITCHBOARD_HOME", home.toString());
        builder.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        builder.environment().put("SWITCHBOARD_BIND", "127.0.0.1");
        builder.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        long spawnedAt = System.nanoTime();
        HostProcess host = new HostProcess(builder.start(), spawnedAt, home, port, password);
        host.pump(log);
        return host;
    }

    private void pump(Path log) throws IOException {
        Files.createDirectories(log.getParent());
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        Thread pump = new Thread(
                () -> {
                    try (out;
                            BufferedReader r = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            out.println(line);
                            Matcher m = READY.matcher(line);
                            if (m.find()) {
                                readyMillis = Long.parseLong(m.group(1));
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                "host-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Polls {@code GET /api/health} (readiness: connectors loaded, subscriptions resumed) every {@code intervalMs}
     * until 200; returns the nanoseconds since the spawn.
     */
    long awaitHealthy(Duration timeout, long intervalMs) throws InterruptedException {
        return awaitHealthy("/api/health", timeout, intervalMs);
    }

    /** As {@link #awaitHealthy(Duration, long)} for one of {@code /api/health/live} and {@code /api/health/ready}. */
    long awaitHealthy(String path, Duration timeout, long intervalMs) throws InterruptedException {
        return awaitSince(timeout, intervalMs, () -> {
            HttpResponse<String> r = tryGet(path);
            return r != null && r.statusCode() == 200;
        });
    }

    /** Polls {@code condition} until true (bounded by {@code timeout}); returns the nanoseconds since the spawn. */
    long awaitSince(Duration timeout, long intervalMs, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the host stopped (exit " + process.exitValue() + "); see its log");
            }
            if (condition.getAsBoolean()) {
                return System.nanoTime() - spawnedAt;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout);
            }
            Thread.sleep(intervalMs);
        }
    }

    /** The launcher's own "ready in N ms" (from JVM start), once printed; -1 before. */
    long readyMillis() {
        return readyMillis;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String authorization() {
        return authorization;
    }

    Path home() {
        return home;
    }

    Path deploy() {
        return home.resolve("deploy");
    }

    /** Copies {@code jar} next to the deploy folder, ready for {@link #drop}. */
    Path stage(Path jar, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
        return staged;
    }

    /** Moves a staged jar into the deploy folder in one step, so FileInstall never sees half a jar. */
    void drop(Path staged, String fileName) throws IOException {
        Files.move(
                staged,
                deploy().resolve(fileName),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code null} instead of an exception when the host does not answer (yet). */
    /** Whether {@code GET /api/health/ready} answers 200 now. */
    boolean isReady() {
        HttpResponse<String> r = tryGet("/api/health/ready");
        return r != null && r.statusCode() == 200;
    }

    HttpResponse<String> tryGet(String path) {
        try {
            return http.send(
                    request(path).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends {@code request}; the nanoseconds it took to answer, which must be {@code expected}. */
    long timed(HttpRequest request, int expected) {
        long start = System.nanoTime();
        HttpResponse<String> r = send(request);
        long took = System.nanoTime() - start;
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ", expected " + expected);
        }
        return took;
    }

    /**
     * {@code GET path} with a blocking client ({@link java.net.HttpURLConnection}, a new connection each time, the body
     * read in 1 MiB reads and dropped); the nanoseconds until the last byte, which must answer {@code expected}. What
     * the host takes to serve a large body: {@code java.net.http.HttpClient} adds several milliseconds of its own for
     * 5 MB on 2 cores (its reactive body pipeline), {@code curl} about as little as this.
     */
    long timedBlocking(String path, int expected) {
        byte[] buffer = new byte[1 << 20];
        long start = System.nanoTime();
        try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection)
                    URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
            connection.setRequestProperty("Authorization", authorization);
            connection.setConnectTimeout(30_000);
            connection.setReadTimeout(30_000);
            int status = connection.getResponseCode();
            if (status != expected) {
                throw new IllegalStateException(path + " answered " + status + ", expected " + expected);
            }
            try (java.io.InputStream body = connection.getInputStream()) {
                while (body.read(buffer) >= 0) {
                    // dropped
                }
            }
            connection.disconnect();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return System.nanoTime() - start;
    }

    /**
     * Sends {@code request}; the nanoseconds until its body was received as bytes (and, when it came gzip-encoded,
     * decompressed), which must answer {@code expected}: what a client that does not decode the text pays.
     */
    long timedBytes(HttpRequest request, int expected) {
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(
                        request.uri() + " answered " + r.statusCode() + ", expected " + expected);
            }
            if ("gzip".equals(r.headers().firstValue("Content-Encoding").orElse(null))) {
                try (java.util.zip.GZIPInputStream in =
                        new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                    in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    /** How many connectors whose id starts with {@code idPrefix} are ACTIVE; 0 while the host does not answer. */
    long activeConnectors(String idPrefix) {
        HttpResponse<String> r = tryGet("/api/connectors");
        if (r == null || r.statusCode() != 200) {
            return 0;
        }
        try {
            long n = 0;
            for (JsonNode c : JSON.readTree(r.body())) {
                if ("ACTIVE".equals(c.path("state").asText())
                        && c.path("id").asText().startsWith(idPrefix)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Polls {@code GET path} until {@code accept} holds; returns the nanoseconds it took from now. */
    long until(String path, Predicate<HttpResponse<String>> accept, Duration timeout, long intervalMs)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            HttpResponse<String> r = tryGet(path);
            if (r != null && accept.test(r)) {
                return System.nanoTime() - start;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("GET " + path + " not as expected after " + timeout + "; last: "
                        + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
            }
            Thread.sleep(intervalMs);
        }
    }

    /** kill -9: no shutdown hook; returns once the process is gone (at most 30 s). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the host did not die within 30 s of kill -9");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
