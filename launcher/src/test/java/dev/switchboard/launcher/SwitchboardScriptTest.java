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
            assertEquals(List.of(".built", "switchboard.jar"),
                    files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @Test
    public void aMistypedOptionIsRefusedAtOnceLikeTheLauncherDoes() throws Exception {
        Result result = run("--sheel", "--help");
        assertEquals(2, result.status);
        assertTrue(result.err, result.err.startsWith("Unknown option --sheel"));
        assertTrue(result.err, result.err.contains(LaunchOptions.USAGE.lines().findFirst().orElseThrow()));
        Result feature = run("--feature");
        assertEquals(2, feature.status);
        assertTrue(feature.err, feature.err.startsWith("--feature needs a file or a name"));
        assertNothingRan();
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
        List<String> command = new ArrayList<>(List.of("bash", repo.resolve("switchboard").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
        builder.environment().put("PATH", bin + ":/usr/bin:/bin");
        Path out = temp.newFile().toPath();
        Path err = temp.newFile().toPath();
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertTrue("the script did not answer within 10 s", process.waitFor(10, TimeUnit.SECONDS));
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int status, String out, String err) {
    }
}
