package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/** Rollback with the real launcher: the archive fills as a file is replaced, and POST .../rollback puts it back. */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class RollbackE2EIT {

    private static final String GREET = "{\"connection\":{\"salutation\":\"Hello\"},\"parameters\":{\"name\":\"Ada\"}}";

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-rollback");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void a_replacingAFileArchivesEachContent() throws Exception {
        host.deploy("greeter-v1", "greeter.jar");
        awaitVersion("1.0.0");
        host.deploy("greeter-v2", "greeter.jar");
        awaitVersion("2.0.0");
        List<Path> kept = Await.until(
                "two contents of greeter.jar in data/archive",
                Duration.ofSeconds(10),
                RollbackE2EIT::archived,
                list -> list.size() == 2);
        assertTrue(kept.toString(), kept.get(0).getFileName().toString().endsWith("-1.0.0.jar"));
        assertTrue(kept.toString(), kept.get(1).getFileName().toString().endsWith("-2.0.0.jar"));
    }

    @Test
    public void b_rollbackPutsThePreviousVersionBack() throws Exception {
        HttpResponse<String> response = host.post("/api/connectors/greeter/rollback", "");
        assertEquals(response.body(), 200, response.statusCode());
        JsonNode body = SwitchboardProcess.json(response);
        assertEquals("greeter", body.get("id").asText());
        assertEquals("1.0.0", body.get("version").asText());
        assertEquals("2.0.0", body.get("previousVersion").asText());
        assertEquals("greeter.jar", body.get("file").asText());

        // answered only once the catalog shows it: no waiting here
        JsonNode detail = host.getJson("/api/connectors/greeter");
        assertEquals("1.0.0", detail.get("version").asText());
        assertEquals(1, detail.get("versions").size());
        HttpResponse<String> invoked = host.post("/api/connectors/greeter/operations/greet/invoke", GREET);
        assertEquals(invoked.body(), 200, invoked.statusCode());
        assertEquals("1", SwitchboardProcess.json(invoked).at("/body/version").asText());
        assertEquals("ACTIVE", host.deployment("greeter.jar").get("state").asText());
        assertTrue(
                "the same file was updated in place",
                Files.isRegularFile(host.deploy().resolve("greeter.jar")));
        assertEquals(
                "the content rolled away from leaves the archive", 1, archived().size());
    }

    @Test
    public void c_nothingLeftToRollBackTo() throws Exception {
        HttpResponse<String> response = host.post("/api/connectors/greeter/rollback", "");
        assertEquals(response.body(), 409, response.statusCode());
        JsonNode error = SwitchboardProcess.json(response).get("error");
        assertEquals("NothingToRollBack", error.get("code").asText());
        assertTrue(error.toString(), error.get("message").asText().contains("Nothing to roll back to"));
        assertEquals(
                "1.0.0", host.getJson("/api/connectors/greeter").get("version").asText());
    }

    @Test
    public void d_unknownConnector() {
        HttpResponse<String> response = host.post("/api/connectors/nobody/rollback", "");
        assertEquals(response.body(), 404, response.statusCode());
        assertEquals(
                "ConnectorNotFound",
                SwitchboardProcess.json(response).at("/error/code").asText());
    }

    @Test
    public void e_theArchiveOutlivesARestart() throws Exception {
        host.deploy("greeter-v2", "greeter.jar");
        awaitVersion("2.0.0");
        assertEquals(0, host.stop());
        host.start();
        awaitVersion("2.0.0");
        HttpResponse<String> response = host.post("/api/connectors/greeter/rollback", "");
        assertEquals(response.body(), 200, response.statusCode());
        assertEquals("1.0.0", SwitchboardProcess.json(response).get("version").asText());
    }

    private static void awaitVersion(String version) {
        Await.until(
                "greeter " + version + " alone in GET /api/connectors",
                Duration.ofSeconds(15),
                () -> host.connectorVersions("greeter"),
                list -> list.size() == 1
                        && list.get(0).path("version").asText().equals(version)
                        && list.get(0).path("state").asText().equals("ACTIVE"));
    }

    private static List<Path> archived() {
        Path folder = host.home().resolve("data/archive/greeter.jar");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .sorted()
                    .toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
