package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.After;
import org.junit.Test;

/**
 * What a new connector author does, from an empty folder: generate a project from {@code connector-archetype}, build
 * it ({@code mvn verify}, its integration test included, in a real host), run the host with {@code --watch} on its
 * {@code target/}, invoke the generated connector; then bump the version, rebuild, see the new version served and
 * roll back to the old one.
 * <p>
 * Maven runs nested, on the archetype module's test repository ({@code archetype/target/local-repo}, filled by its
 * {@code invoker:install} with the BOM, the test kit and the archetype) and a mirror to the user's local repository
 * for everything else: offline, and nothing written to {@code ~/.m2}. Two nested builds take about a minute here, so
 * the test runs in every verify and is skipped with {@code -Dswitchboard.archetype.e2e=false}; the archetype module's own integration test
 * (generate + verify) runs in every build.
 */
public class ArchetypeE2EIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String HELLO = "/api/connectors/weather/operations/hello/invoke";
    private static final String HELLO_BODY =
            "{\"connection\":{\"greeting\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";

    private SwitchboardProcess host;
    private final List<String> figures = new ArrayList<>();

    @After
    public void stopHost() {
        if (host != null) {
            host.close();
        }
        figures.forEach(System.out::println);
    }

    @Test
    public void fromAnEmptyFolderToAVersionedConnectorDeployedUpdatedAndRolledBack() throws Exception {
        assumeTrue(
                "skipped with -Dswitchboard.archetype.e2e=false (two nested Maven builds, about a minute)",
                !"false".equals(System.getProperty("switchboard.archetype.e2e")));
        Path repository = Paths.get(System.getProperty("itest.archetype.repo")).toAbsolutePath();
        assertTrue(
                "the archetype's test repository is filled (build the archetype module first): " + repository,
                Files.isDirectory(repository.resolve("dev/switchboard/connector-archetype")));
        Path work = Files.createTempDirectory("archetype-e2e");
        Path settings = work.resolve("settings.xml");
        Files.writeString(
                settings,
                "<settings><mirrors><mirror><id>user-local-repository</id><url>"
                        + Paths.get(System.getProperty("itest.user.repo")).toUri()
                        + "</url><mirrorOf>*</mirrorOf></mirror></mirrors></settings>");

        long started = System.nanoTime();
        maven(
                work,
                settings,
                repository,
                "org.apache.maven.plugins:maven-archetype-plugin:3.4.0:generate",
                "-DarchetypeGroupId=dev.switchboard",
                "-DarchetypeArtifactId=connector-archetype",
                "-DarchetypeVersion=" + System.getProperty("itest.switchboard.version"),
                "-DgroupId=com.acme",
                "-DartifactId=acme-weather",
                "-Dpackage=com.acme.weather",
                "-DconnectorId=weather");
        Path project = work.resolve("acme-weather");
        assertTrue(Files.isRegularFile(project.resolve("pom.xml")));
        figure("generate", started);

        // the host first, watching a target/ that does not exist yet
        started = System.nanoTime();
        host = SwitchboardProcess.create("archetype-e2e")
                .arguments("--watch", project.resolve("target").toString())
                .start();
        figure("host ready", started);

        started = System.nanoTime();
        maven(
                project,
                settings,
                repository,
                "verify",
                "-Dswitchboard.distribution="
                        + Paths.get(System.getProperty("itest.distribution")).toAbsolutePath());
        figure("mvn verify (unit tests, jar, ConnectorProviderIT in its own host)", started);
        assertTrue(
                "the generated integration test ran in a real host, not skipped",
                Files.readString(project.resolve(
                                "target/failsafe-reports/TEST-com.acme.weather.ConnectorProviderIT.xml"))
                        .contains("skipped=\"0\""));

        started = System.nanoTime();
        String first = awaitVersion("1.0.0.");
        HttpResponse<String> hello = host.post(HELLO, HELLO_BODY);
        assertEquals(hello.body(), 200, hello.statusCode());
        assertEquals(
                "Hello, Ada!",
                SwitchboardProcess.json(hello).at("/body/message").asText());
        figure("deployed by --watch and answering (" + first + ")", started);

        // a new version: the pom's version is the Bundle-Version
        Path pom = project.resolve("pom.xml");
        String content = Files.readString(pom);
        assertTrue(content.contains("<version>1.0.0-SNAPSHOT</version>"));
        Files.writeString(
                pom,
                content.replaceFirst("<version>1\\.0\\.0-SNAPSHOT</version>", "<version>1.1.0-SNAPSHOT</version>"));
        started = System.nanoTime();
        maven(project, settings, repository, "package", "-DskipTests");
        figure("mvn package 1.1.0", started);
        started = System.nanoTime();
        String second = awaitVersion("1.1.0.");
        hello = host.post(HELLO, HELLO_BODY);
        assertEquals(hello.body(), 200, hello.statusCode());
        figure("1.1.0 served (" + second + ")", started);
        assertEquals(
                "one connector version: swapped in place, not beside",
                1,
                host.connectorVersions("weather").size());

        started = System.nanoTime();
        HttpResponse<String> rollback = host.post("/api/connectors/weather/rollback", "");
        assertEquals(rollback.body(), 200, rollback.statusCode());
        JsonNode body = SwitchboardProcess.json(rollback);
        assertEquals(first, body.path("version").asText());
        assertEquals(second, body.path("previousVersion").asText());
        assertEquals(
                first,
                host.awaitActive("weather", first, TIMEOUT).path("version").asText());
        assertEquals(200, host.post(HELLO, HELLO_BODY).statusCode());
        figure("rolled back to " + first, started);
    }

    private String awaitVersion(String prefix) {
        return Await.until(
                        "connector weather " + prefix + "* ACTIVE",
                        TIMEOUT,
                        () -> {
                            List<JsonNode> versions = host.connectorVersions("weather");
                            return versions.isEmpty() ? null : versions.get(0);
                        },
                        c -> c != null
                                && c.path("version").asText().startsWith(prefix)
                                && "ACTIVE".equals(c.path("state").asText()))
                .path("version")
                .asText();
    }

    private void figure(String what, long startedNanos) {
        figures.add(String.format(
                "ArchetypeE2EIT: %-70s %6d ms", what, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos)));
    }

    /** Runs Maven in {@code folder} on the test repository; fails with the end of its log. */
    private static void maven(Path folder, Path settings, Path repository, String... arguments)
            throws IOException, InterruptedException {
        Path mvn = Paths.get(System.getProperty("itest.maven.home"), "bin", "mvn");
        List<String> command = new ArrayList<>(
                List.of(mvn.toString(), "-B", "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(folder.getParent(), "mvn-", ".log");
        Process process = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = process.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            process.destroyForcibly();
        }
        if (!ended || process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new AssertionError(String.join(" ", command) + (ended ? " failed" : " timed out") + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
        }
    }
}
