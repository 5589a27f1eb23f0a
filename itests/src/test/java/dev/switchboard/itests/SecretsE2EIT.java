package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * Secrets at rest and on console pages, on the real launcher (issue 10, part 4): the home is its owner's only (fixed
 * at start with a warning, and files made later too); a securestring value given literally is stored encrypted,
 * over the API and from a deploy-folder file alike, yet reaches the connector in clear; neither the stored
 * configuration, nor the console's configuration page, nor any format of its Configurations status printer shows
 * it; and a plain parameter set to an {@code $[env:...]} reference never echoes the environment.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SecretsE2EIT {

    private static final String API_SECRET = "api-literal-" + Long.toHexString(System.nanoTime()) + "-zq";
    private static final String FILE_SECRET = "file-literal-" + Long.toHexString(System.nanoTime()) + "-qz";
    /** What a plain parameter must never echo: an environment variable of the host. */
    private static final String ENV_VALUE = "env-value-" + Long.toHexString(System.nanoTime());

    private static final String INVOKE = "/api/connectors/greeter/operations/greet/invoke";
    private static final Set<PosixFilePermission> GROUP_OR_WORLD = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final HttpClient BYTES =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.create("switchboard-secrets")
                .environment(Map.of("LEAK_ME", ENV_VALUE))
                .recordResponses();
        // a home left world-readable, as every earlier version made it
        Path oldConfig = Files.createDirectories(host.home().resolve("data/config/old"));
        Files.writeString(oldConfig.resolve("left.config"), "x=\"y\"\n");
        setMode(oldConfig.resolve("left.config"), "rw-r--r--");
        setMode(oldConfig, "rwxr-xr-x");
        setMode(host.home(), "rwxr-xr-x");
        // before the start: the greeter, and a connection file with a literal secret
        host.deploy("greeter-v1", "greeter.jar");
        host.deployText(
                "connector = greeter\nsalutation = Hi\napiKey = " + FILE_SECRET + "\n",
                "dev.switchboard.connection-dropped.cfg");
        host.start();
        Await.until(
                "greeter ACTIVE",
                Duration.ofSeconds(20),
                () -> host.connectorVersions("greeter"),
                versions -> !versions.isEmpty()
                        && "ACTIVE".equals(versions.get(0).path("state").asText()));
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.kill();
        }
    }

    @Test
    public void a_theHomeIsFixedAtStartWithOneWarningNamingWhatWasFixed() throws Exception {
        assertEquals("rwx------", mode(host.home()));
        assertEquals("rw-------", mode(host.home().resolve("data/config/old/left.config")));
        List<String> warnings = host.output().stream()
                .filter(l -> l.contains("Restricted") && l.contains("at start"))
                .toList();
        assertEquals(String.join("\n", warnings), 1, warnings.size());
        assertTrue(
                warnings.get(0),
                warnings.get(0).contains("WARN")
                        && warnings.get(0).contains(".,")
                        && warnings.get(0).contains("data/config/old/left.config"));
        Path key = host.home().resolve("conf/encryption.key");
        assertTrue("the key is made on the first start", Files.isRegularFile(key));
        assertEquals("rw-------", mode(key));
    }

    @Test
    public void b_aLiteralSecretPutOverTheApiIsStoredEncryptedAndReachesTheConnectorInClear() throws Exception {
        HttpResponse<String> created = host.put(
                "/api/connections/api",
                "{\"connector\":\"greeter\",\"parameters\":" + "{\"salutation\":\"Hello\",\"apiKey\":\"" + API_SECRET
                        + "\"}}");
        assertEquals(created.body(), 201, created.statusCode());
        assertEquals(
                "********",
                SwitchboardProcess.json(created).at("/parameters/apiKey").asText());

        JsonNode body = invoke("api", 200).get("body");
        assertEquals("Hello, Ada!", body.get("message").asText());
        assertEquals(
                "the connector gets the clear value",
                API_SECRET.length(),
                body.get("apiKeyLength").asInt());

        String stored = Await.until(
                "the connection in data/config",
                Duration.ofSeconds(10),
                () -> configFile("dev.switchboard.connection~api"),
                text -> !text.isEmpty());
        assertTrue(stored, stored.contains("{aes-gcm}"));
        assertNoLiteralSecretUnder(host.home().resolve("data"));
    }

    @Test
    public void c_aFileWithALiteralSecretKeepsWorkingAndIsRewrittenEncrypted() throws Exception {
        Path file = host.deploy().resolve("dev.switchboard.connection-dropped.cfg");
        Await.until(
                "the deploy-folder file rewritten with the secret encrypted",
                Duration.ofSeconds(15),
                () -> read(file),
                text -> text.contains("{aes-gcm}") && !text.contains(FILE_SECRET));
        assertTrue(read(file), read(file).contains("Hi"));
        JsonNode body = invoke("dropped", 200).get("body");
        assertEquals("Hi, Ada!", body.get("message").asText());
        assertEquals(FILE_SECRET.length(), body.get("apiKeyLength").asInt());
        assertNoLiteralSecretUnder(host.home().resolve("data"));
        assertNoLiteralSecretUnder(host.deploy());
    }

    @Test
    public void d_theConsoleConfigurationPageAndEveryStatusPrinterFormatShowNoSecret() throws Exception {
        List<String> pages = new ArrayList<>();
        for (String path : List.of(
                "/system/console/configMgr/dev.switchboard.connection~api.json",
                "/system/console/configMgr/dev.switchboard.connection~dropped.json",
                "/system/console/configMgr/*.json",
                "/system/console/configMgr",
                "/system/console/status-Configurations.txt",
                "/system/console/status-Configurations.json",
                "/system/console/status-Configurations")) {
            HttpResponse<String> page = host.get(path);
            assertEquals(path + ": " + page.body(), 200, page.statusCode());
            pages.add(path + "\n" + page.body());
        }
        assertTrue(
                "the connection is on the configuration page", pages.get(0).contains("dev.switchboard.connection~api"));
        assertTrue("the status printer lists the connection", pages.get(4).contains("dev.switchboard.connection~api"));
        pages.addAll(unzip("/system/console/status-Configurations.zip"));
        for (String page : pages) {
            for (String secret : List.of(API_SECRET, FILE_SECRET)) {
                assertFalse("a literal secret on " + page.lines().findFirst().orElse(""), page.contains(secret));
            }
        }
    }

    @Test
    public void e_anEnvironmentReferenceInAPlainParameterIsRefusedAndNeverEchoed() throws Exception {
        HttpResponse<String> refused = host.put(
                "/api/connections/leak",
                "{\"connector\":\"greeter\"," + "\"parameters\":{\"salutation\":\"$[env:LEAK_ME]\"}}");
        assertEquals(refused.body(), 400, refused.statusCode());
        JsonNode error = SwitchboardProcess.json(refused).get("error");
        assertEquals("InvalidConnectionParameter", error.get("code").asText());
        assertEquals("salutation", error.at("/details/0/target").asText());
        assertTrue(error.toString(), error.get("message").asText().contains("only for securestring parameters"));
        assertEquals(404, host.get("/api/connections/leak").statusCode());

        // the same through a file, which cannot be refused: listed with its problem, never used
        host.deployText("connector = greeter\nsalutation = $[env:LEAK_ME]\n", "dev.switchboard.connection-leak.cfg");
        JsonNode listed = Await.until(
                "the file's connection with its problem",
                Duration.ofSeconds(15),
                () -> SwitchboardProcess.find(host.getJson("/api/connections"), "name", "leak"),
                c -> c != null && c.path("problem").asText().contains("securestring"));
        assertEquals("$[env:LEAK_ME]", listed.at("/parameters/salutation").asText());
        assertEquals("InvalidConnection", invoke("leak", 400).at("/error/code").asText());

        // and inline, where no connection is stored at all, a reference is not resolved
        HttpResponse<String> inline = host.post(
                INVOKE, "{\"connection\":{\"salutation\":\"$[env:LEAK_ME]\"}," + "\"parameters\":{\"name\":\"Ada\"}}");
        assertFalse(inline.body(), inline.body().contains(ENV_VALUE));
    }

    @Test
    public void f_filesMadeAfterTheStartAreOwnerOnlyToo() throws Exception {
        // this process was started from the JVM with its umask, not by ./switchboard (umask 077): the home stays
        // 0700 and the launcher restricts what is made later
        assertEquals("rwx------", mode(host.home()));
        Await.until(
                "every file under the home to be owner-only",
                Duration.ofSeconds(Launch_SWEEP_SECONDS + 10),
                SecretsE2EIT::groupOrWorldAccessible,
                List::isEmpty);
    }

    @Test
    public void g_afterARestartTheEncryptedSecretsStillDecrypt() throws Exception {
        assertEquals(0, host.stop());
        host.start();
        Await.until(
                "greeter ACTIVE again",
                Duration.ofSeconds(20),
                () -> host.connectorVersions("greeter"),
                versions -> !versions.isEmpty()
                        && "ACTIVE".equals(versions.get(0).path("state").asText()));
        assertEquals(
                API_SECRET.length(), invoke("api", 200).at("/body/apiKeyLength").asInt());
        assertEquals(
                FILE_SECRET.length(),
                invoke("dropped", 200).at("/body/apiKeyLength").asInt());
    }

    @Test
    public void z_noSecretAndNoEnvironmentValueInAnyResponseOrOutputLine() throws Exception {
        assertTrue(host.responses().size() > 10);
        for (String response : host.responses()) {
            for (String secret : List.of(API_SECRET, FILE_SECRET, ENV_VALUE)) {
                assertFalse("a response holds a secret:\n" + response, response.contains(secret));
            }
        }
        for (String line : host.output()) {
            for (String secret : List.of(API_SECRET, FILE_SECRET, ENV_VALUE)) {
                assertFalse("the host printed a secret: " + line, line.contains(secret));
            }
        }
        assertNoLiteralSecretUnder(host.home().resolve("data"));
    }

    /** The launcher's sweep period when the umask does not keep new files private. */
    private static final long Launch_SWEEP_SECONDS = 10;

    private static JsonNode invoke(String connection, int expectedStatus) {
        HttpResponse<String> response =
                host.post(INVOKE, "{\"connection\":\"" + connection + "\",\"parameters\":{\"name\":\"Ada\"}}");
        assertEquals(response.body(), expectedStatus, response.statusCode());
        return SwitchboardProcess.json(response);
    }

    private static List<String> unzip(String path) throws Exception {
        HttpResponse<byte[]> response =
                BYTES.send(host.request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(path, 200, response.statusCode());
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(
                        path + "!" + entry.getName() + "\n" + new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertFalse("the zip holds the printer's files", entries.isEmpty());
        assertTrue(
                String.join("\n", entries),
                entries.stream().anyMatch(e -> e.contains("dev.switchboard.connection~api")));
        return entries;
    }

    private static String configFile(String pid) {
        try (Stream<Path> files = Files.walk(host.home().resolve("data/config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                if (text.contains(pid)) {
                    return text;
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    private static void assertNoLiteralSecretUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(host.home().resolve("data/framework")))
                    .toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                for (String secret : List.of(API_SECRET, FILE_SECRET)) {
                    assertFalse("the literal secret is stored in " + file, text.contains(secret));
                }
            }
        }
    }

    private static List<String> groupOrWorldAccessible() {
        List<String> loose = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(host.home())) {
            paths.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    if (Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).stream()
                            .anyMatch(GROUP_OR_WORLD::contains)) {
                        loose.add(host.home().relativize(p) + " " + mode(p));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            loose.add("(walk failed: " + e + ")");
        }
        return loose;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void setMode(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
