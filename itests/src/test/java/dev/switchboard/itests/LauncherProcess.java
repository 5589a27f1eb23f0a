package dev.switchboard.itests;

import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The launcher distribution started as a separate process in a fresh home folder, on a free port, with a known admin
 * password; its output is echoed with a {@code [host]} prefix and kept for assertions.
 */
final class LauncherProcess implements AutoCloseable {

    final String password;
    final Path home;
    final Path deploy;
    final int port;
    final List<String> output = new CopyOnWriteArrayList<>();
    private final Process process;

    private LauncherProcess(String password, Path home, int port, Process process) {
        this.password = password;
        this.home = home;
        this.deploy = home.resolve("deploy");
        this.port = port;
        this.process = process;
    }

    /** Starts the host and waits for "Switchboard ready". */
    static LauncherProcess start(String prefix) throws Exception {
        Path distribution = Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard"));
        Path launcherJar = distribution.resolve("switchboard.jar");
        assertTrue("the launcher distribution is built: " + launcherJar, Files.isRegularFile(launcherJar));
        Path home = Files.createTempDirectory(prefix);
        int port = freePort();
        ProcessBuilder pb = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", launcherJar.toAbsolutePath().toString())
                .directory(home.toFile())
                .redirectErrorStream(true);
        String password = "e2e-" + Long.toHexString(System.nanoTime());
        pb.environment().put("SWITCHBOARD_HOME", home.toString());
        pb.environment().put("SWITCHBOARD_PORT", String.valueOf(port));
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", password);
        return new LauncherProcess(password, home, port, pb.start()).awaitReady();
    }

    private LauncherProcess awaitReady() throws Exception {
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
        Await.until("'Switchboard ready in N ms'", Duration.ofSeconds(90), () -> output.stream()
                .anyMatch(l -> l.matches("Switchboard ready in \\d+ ms")) || !process.isAlive(), done -> done);
        assertTrue("the host is running; output:\n" + String.join("\n", output), process.isAlive());
        assertTrue(Files.isDirectory(deploy));
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Drops a test connector jar into the deploy folder the careful way: written beside it, then moved in. */
    void drop(String artifact, String fileName) throws IOException {
        Path staged = home.resolve(fileName + ".staged");
        Files.copy(SwitchboardOptions.connector(artifact), staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, deploy.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
