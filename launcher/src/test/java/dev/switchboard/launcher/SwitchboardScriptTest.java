package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The {@code switchboard} script answers {@code --help}, {@code --version} and a mistyped option at once: it neither
 * builds (no {@code mvn}) nor starts a JVM (no {@code java}), so no class-data archive is recorded from such a run.
 * The script runs from a copy of the repository's root files in a temporary folder, with {@code mvn} and {@code java}
 * on the PATH replaced by stubs that note being called.
 */
public final class SwitchboardScriptTest {

    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final String USAGE_TXT = "launcher/src/main/resources/dev/switchboard/launcher/usage.txt";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path repo;
    private Path calls;
    private Path bin;

    @Before
    public void copyTheScript() throws IOException {
        repo = temp.newFolder("repo").toPath();
        calls = temp.newFolder("calls").toPath();
        bin = temp.newFolder("bin").toPath();
        copy("switchboard");
        copy("pom.xml");
        copy(USAGE_TXT);
        for (String tool : List.of("mvn", "java")) {
            Path stub = bin.resolve(tool);
            Files.writeString(stub, "#!/bin/sh\ntouch '" + calls + "/" + tool + "'\nexit 1\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    public void helpPrintsTheLaunchersUsageWithoutBuildingOrStartingJava() throws Exception {
        Result result = run("--help");
        assertEquals(result.err, 0, result.status);
        assertEquals(LaunchOptions.USAGE.strip(), result.out.strip());
        assertNothingRan();
        assertEquals(0, run("-h").status);
        assertNothingRan();
    }

    @Test
    public void versionComesFromThePomAndSaysWhenNothingIsBuilt() throws Exception {
        Result result = run("--version");
        assertEquals(result.err, 0, result.status);
        assertTrue(result.out, result.out.matches("(?s)Switchboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(not built yet.*"));
        assertNothingRan();
    }

    @Test
    public void aBuiltDistributionRecordsNoClassDataArchiveForHelpOrVersion() throws Exception {
        Path distribution = Files.createDirectories(repo.resolve("launcher/target/switchboard"));
        Files.writeString(distribution.resolve("switchboard.jar"), "not really a jar");
        Files.writeString(distribution.resolve(".built"), "");
        assertEquals(0, run("--help").status);
        Result version = run("--shell", "--version");
        assertEquals(version.err, 0, version.status);
        assertTrue(version.out, version.out.matches("Switchboard \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\s*"));
        assertNothingRan();
        try (Stream<Path> files = Files.list(distribution)) {
            assertEquals(
                    List.of(".built", "switchboard.jar"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    public void aMistypedOptionIsRefusedAtOnceLikeTheLauncherDoes() throws Exception {
        Result result = run("--sheel", "--help");
        assertEquals(2, result.status);
        assertTrue(result.err, result.err.startsWith("Unknown option --sheel"));
        assertTrue(
                result.err,
                result.err.contains(LaunchOptions.USAGE.lines().findFirst().orElseThrow()));
        Result feature = run("--feature");
        assertEquals(2, feature.status);
        assertTrue(feature.err, feature.err.startsWith("--feature needs a file or a name"));
        assertNothingRan();
    }

    @Test
    public void debugStartsJavaWithTheDebugAgentOnTheLoopbackAddressAndKeepsTheLaunchersArguments() throws Exception {
        Path args = builtDistributionWithJavaRecordingItsArguments();
        Result result = run("--debug", "--watch", "../my connector/target", "--feature=core");
        assertEquals(result.err, 0, result.status);
        List<String> java = Files.readAllLines(args);
        assertTrue(
                java.toString(),
                java.contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005"));
        int jar = java.indexOf("-jar");
        assertTrue(
                "the agent is a JVM option, before -jar: " + java,
                jar > java.indexOf("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5005"));
        assertEquals(
                "--debug is the script's: the launcher gets the rest, a folder with a space kept whole",
                List.of("--watch", "../my connector/target", "--feature=core"),
                java.subList(jar + 2, java.size()));
        assertFalse(
                "no class-data archive is recorded from a debugging run",
                String.join(" ", java).contains("ArchiveClassesAtExit"));
        assertEquals("loopback: no warning", "", result.err);
    }

    @Test
    public void debugTakesAPortOrAHostAndPortAndWarnsWhenItIsReachable() throws Exception {
        Path args = builtDistributionWithJavaRecordingItsArguments();
        assertEquals(0, run("--debug=5006").status);
        assertTrue(Files.readAllLines(args)
                .contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5006"));
        Result open = run("--debug=0.0.0.0:5007");
        assertEquals(0, open.status);
        assertTrue(Files.readAllLines(args)
                .contains("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=0.0.0.0:5007"));
        assertTrue(open.err, open.err.contains("anyone who reaches that port can run any code"));
        for (String wrong : List.of("--debug=", "--debug=abc", "--debug=70000", "--debug=:5005")) {
            Result refused = run(wrong);
            assertEquals(wrong, 2, refused.status);
            assertTrue(refused.err, refused.err.startsWith("--debug needs a port (1-65535) or host:port"));
        }
    }

    @Test
    public void watchNeedsAFolderAndHelpNamesWatchAndDebug() throws Exception {
        Result result = run("--watch");
        assertEquals(2, result.status);
        assertTrue(result.err, result.err.startsWith("--watch needs a folder"));
        assertEquals(2, run("--watch=").status);
        assertNothingRan();
        Result help = run("--watch", "target", "--debug", "--help");
        assertEquals(0, help.status);
        assertTrue(help.out, help.out.contains("--watch <folder>") && help.out.contains("--debug[=port]"));
        assertNothingRan();
    }

    /** A distribution that is up to date, and a {@code java} that writes its arguments (one a line) and exits 0. */
    private Path builtDistributionWithJavaRecordingItsArguments() throws IOException {
        Path distribution = Files.createDirectories(repo.resolve("launcher/target/switchboard"));
        Files.writeString(distribution.resolve("switchboard.jar"), "not really a jar");
        Files.writeString(distribution.resolve(".built"), "");
        Path args = temp.getRoot().toPath().resolve("java-args");
        Path stub = bin.resolve("java");
        Files.writeString(stub, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\nexit 0\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        return args;
    }

    private void assertNothingRan() throws IOException {
        try (Stream<Path> called = Files.list(calls)) {
            assertEquals("the script called mvn or java", List.of(), called.collect(Collectors.toList()));
        }
        assertFalse(Files.exists(repo.resolve(".switchboard")));
    }

    private void copy(String relative) throws IOException {
        Path target = repo.resolve(relative);
        Files.createDirectories(target.getParent());
        Files.copy(ROOT.resolve(relative), target);
    }

    private Result run(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", repo.resolve("switchboard").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Path out = temp.newFile().toPath();
        Path err = temp.newFile().toPath();
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertTrue("the script did not answer within 10 s", process.waitFor(10, TimeUnit.SECONDS));
        return new Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {}
}
