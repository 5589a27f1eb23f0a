package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * The audit trail with the real launcher: what someone on the machine does to the deploy folder is appended to
 * {@code data/audit/audit-<UTC date>.jsonl}, a file only the host's user can read.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AuditE2EIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static SwitchboardProcess host;

    @BeforeClass
    public static void startHost() throws Exception {
        host = SwitchboardProcess.start("switchboard-audit");
    }

    @AfterClass
    public static void stopHost() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void aJarDroppedIntoAndDeletedFromTheDeployFolderIsAuditedAsTheDeployFolders() throws Exception {
        Instant before = Instant.now();
        host.deploy("greeter-v1", "audited.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        Files.delete(host.deploy().resolve("audited.jar"));
        Await.until(
                "greeter gone from GET /api/connectors",
                Duration.ofSeconds(30),
                () -> host.connectorVersions("greeter"),
                List::isEmpty);

        List<JsonNode> entries = Await.until(
                "deployment.add and deployment.remove of audited.jar in data/audit",
                Duration.ofSeconds(10),
                () -> entriesFor("audited.jar", before),
                found -> found.size() >= 2);
        assertEquals(entries.toString(), 2, entries.size());
        JsonNode add = entries.get(0);
        JsonNode remove = entries.get(1);
        assertEquals("deployment.add", add.get("action").asText());
        assertEquals("deployment.remove", remove.get("action").asText());
        for (JsonNode entry : entries) {
            assertEquals("deploy-folder", entry.get("who").asText());
            assertEquals("success", entry.get("outcome").asText());
            assertTrue(entry.toString(), entry.get("client").isNull());
            assertEquals(
                    "dev.switchboard.itests.greeter",
                    entry.at("/details/symbolicName").asText());
            assertTrue(entry.toString(), entry.at("/details/version").asText().startsWith("1.0.0"));
            assertTrue(
                    entry.toString(), !Instant.parse(entry.get("at").asText()).isBefore(before));
        }
        assertTrue(
                "dropped after the start: not marked as found at start",
                add.at("/details/atStart").isMissingNode());

        Path today = auditFolder().resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        assertTrue(today + " exists", Files.isRegularFile(today));
        for (Path file : auditFiles()) {
            assertEquals(
                    file.toString(), "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auditFolder())));
    }

    @Test
    public void aConfigurationFileIsAuditedWithItsPropertyNamesNeverItsValues() throws Exception {
        Instant before = Instant.now();
        String file = "dev.switchboard.connection-audited.cfg";
        host.deployText("connector=greeter\nsalutation=Hello-audit-value-9431\n", file);
        List<JsonNode> added = Await.until(
                "deployment.add of " + file + " in data/audit",
                Duration.ofSeconds(30),
                () -> entriesFor(file, before),
                found -> !found.isEmpty());
        Files.delete(host.deploy().resolve(file));
        List<JsonNode> entries = Await.until(
                "deployment.remove of " + file + " in data/audit",
                Duration.ofSeconds(30),
                () -> entriesFor(file, before),
                found -> found.stream()
                        .anyMatch(
                                e -> "deployment.remove".equals(e.get("action").asText())));

        JsonNode add = added.get(0);
        assertEquals("deployment.add", add.get("action").asText());
        assertEquals("deploy-folder", add.get("who").asText());
        assertEquals(
                "dev.switchboard.connection~audited", add.at("/details/pid").asText());
        assertEquals("dev.switchboard.connection", add.at("/details/factoryPid").asText());
        assertEquals("connector,salutation", add.at("/details/properties").asText());
        assertEquals(
                "deployment.remove",
                entries.get(entries.size() - 1).get("action").asText());
        for (Path audit : auditFiles()) {
            assertFalse("no property value in " + audit, Files.readString(audit).contains("Hello-audit-value-9431"));
        }
    }

    @Test
    public void aRollbackIsAuditedByTheHostWithItsVersions() throws Exception {
        Instant before = Instant.now();
        host.deploy("greeter-v1", "rolled.jar");
        host.awaitActive("greeter", "1.0.0", Duration.ofSeconds(30));
        host.deploy("greeter-v2", "rolled.jar");
        host.awaitActive("greeter", "2.0.0", Duration.ofSeconds(30));
        Await.until(
                "two contents of rolled.jar in data/archive",
                Duration.ofSeconds(10),
                () -> {
                    try (Stream<Path> kept = Files.list(host.home().resolve("data/archive/rolled.jar"))) {
                        return kept.count();
                    } catch (IOException e) {
                        return 0L;
                    }
                },
                n -> n == 2);
        assertEquals(200, host.post("/api/connectors/greeter/rollback", "").statusCode());
        assertEquals(409, host.post("/api/connectors/greeter/rollback", "").statusCode());

        // the HTTP layer records each API call too (who: admin, with its status); the host records what it did
        List<JsonNode> api = Await.until(
                "two deployment.rollback entries by admin",
                Duration.ofSeconds(10),
                () -> entriesFor("greeter", before).stream()
                        .filter(e -> "admin".equals(e.get("who").asText()))
                        .toList(),
                found -> found.size() >= 2);
        assertEquals(
                List.of("success", "failure"),
                api.stream().map(e -> e.get("outcome").asText()).toList());
        List<JsonNode> rollbacks = Await.until(
                "two deployment.rollback entries by host",
                Duration.ofSeconds(10),
                () -> entriesFor("greeter", before).stream()
                        .filter(e -> "host".equals(e.get("who").asText()))
                        .toList(),
                found -> found.size() >= 2);
        JsonNode done = rollbacks.get(0);
        assertEquals(
                List.of("host", "deployment.rollback", "success"),
                List.of(
                        done.get("who").asText(),
                        done.get("action").asText(),
                        done.get("outcome").asText()));
        assertTrue(done.toString(), done.at("/details/version").asText().startsWith("1.0.0"));
        assertTrue(done.toString(), done.at("/details/previousVersion").asText().startsWith("2.0.0"));
        assertEquals("rolled.jar", done.at("/details/file").asText());
        JsonNode refused = rollbacks.get(1);
        assertEquals("failure", refused.get("outcome").asText());
        assertEquals("NothingToRollBack", refused.at("/details/reason").asText());
        List<String> fileActions = entriesFor("rolled.jar", before).stream()
                .map(e -> e.get("action").asText())
                .toList();
        assertEquals(List.of("deployment.add", "deployment.update", "deployment.update"), fileActions);

        Files.delete(host.deploy().resolve("rolled.jar"));
        Await.until(
                "greeter gone from GET /api/connectors",
                Duration.ofSeconds(30),
                () -> host.connectorVersions("greeter"),
                List::isEmpty);
    }

    private static Path auditFolder() {
        return host.home().resolve("data").resolve("audit");
    }

    private static List<Path> auditFiles() throws IOException {
        try (Stream<Path> files = Files.list(auditFolder())) {
            return files.filter(f -> f.getFileName().toString().matches("audit-\\d{4}-\\d{2}-\\d{2}\\.jsonl"))
                    .sorted()
                    .toList();
        }
    }

    /** Every entry about {@code target} at or after {@code since}, in file order, over all daily files. */
    private static List<JsonNode> entriesFor(String target, Instant since) {
        List<JsonNode> found = new ArrayList<>();
        try {
            if (!Files.isDirectory(auditFolder())) {
                return found;
            }
            for (Path file : auditFiles()) {
                for (String line : Files.readAllLines(file)) {
                    JsonNode entry = MAPPER.readTree(line);
                    if (target.equals(entry.path("target").asText())
                            && !Instant.parse(entry.get("at").asText()).isBefore(since.minusSeconds(1))) {
                        found.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
