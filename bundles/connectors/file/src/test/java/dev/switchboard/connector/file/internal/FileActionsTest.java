package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.testkit.OperationSchemas;
import dev.switchboard.connector.testkit.TestPollScheduler;

/** The four actions through {@link FileConnector#invokeOperation}, inputs and outputs checked against the manifest. */
public class FileActionsTest {

    private static final OperationSchemas SCHEMAS =
            OperationSchemas.of(FileConnector.manifest().operations());

    /** Never polls here: these tests run no trigger. */
    private static final TestPollScheduler ACTIONS_ONLY = new TestPollScheduler("file-test", 1);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "the-content-must-never-show-up";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path rootDir;
    private ConnectionParameters connection;
    private FileConnector connector;

    @Before
    public void setUp() throws Exception {
        rootDir = tmp.newFolder("root").toPath();
        connection = ConnectionParameters.of(Map.of("rootFolder", rootDir.toString()));
        connector = new FileConnector(new Limits(64, 64, 5, 100), ACTIONS_ONLY);
    }

    private JsonNode ok(String operation, String inputs) throws Exception {
        JsonNode in = MAPPER.readTree(inputs);
        SCHEMAS.assertValidInputs(operation, in);
        JsonNode body = connector
                .invokeOperation(operation, connection, ServiceOperationRequest.of(in))
                .toCompletableFuture()
                .get()
                .body();
        SCHEMAS.assertValidOutputs(operation, body);
        return body;
    }

    private ServiceOperationException fails(String operation, String inputs, int status, String code) throws Exception {
        JsonNode in = MAPPER.readTree(inputs);
        SCHEMAS.assertValidInputs(operation, in);
        try {
            connector
                    .invokeOperation(operation, connection, ServiceOperationRequest.of(in))
                    .toCompletableFuture()
                    .get();
        } catch (ExecutionException e) {
            ServiceOperationException failure = (ServiceOperationException) e.getCause();
            assertEquals(failure.getMessage(), status, failure.getStatusCode());
            assertEquals(failure.getMessage(), code, failure.getCode());
            assertFalse(failure.getMessage(), failure.getMessage().contains(SECRET));
            assertFalse(failure.getMessage(), failure.getMessage().contains(rootDir.toString()));
            return failure;
        }
        throw new AssertionError(operation + " " + inputs + " succeeded");
    }

    @Test
    public void manifestDescribesFourActionsAndTheTrigger() {
        assertEquals("file", connector.getService().name());
        assertTrue(connector.getService().properties().connectionParameters().containsKey("rootFolder"));
        List<String> names = new ArrayList<>();
        for (ServiceOperation op : connector.getOperations(true)) {
            names.add(op.name());
            assertEquals(
                    op.name().equals("whenFileCreated") ? "Batch" : null,
                    op.properties().trigger());
        }
        assertEquals(List.of("listFiles", "readFile", "writeFile", "deleteFile", "whenFileCreated"), names);
        assertEquals("fileTrigger", connector.getFunctionTriggerType());
        assertEquals("fileTrigger", connector.type());
    }

    @Test
    public void writeThenReadTextAndBase64() throws Exception {
        JsonNode written = ok("writeFile", "{\"path\":\"docs/a.txt\",\"content\":\"héllo\"}");
        assertEquals("docs/a.txt", written.get("path").asText());
        assertEquals(6, written.get("size").asInt());
        assertTrue(written.get("created").asBoolean());
        assertEquals("héllo", Files.readString(rootDir.resolve("docs/a.txt")));

        JsonNode read = ok("readFile", "{\"path\":\"docs/a.txt\"}");
        assertEquals("héllo", read.get("content").asText());
        assertEquals("text", read.get("encoding").asText());
        assertEquals(6, read.get("size").asInt());

        read = ok("readFile", "{\"path\":\"docs/a.txt\",\"encoding\":\"base64\"}");
        assertEquals(
                Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8)),
                read.get("content").asText());

        byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 1};
        ok(
                "writeFile",
                "{\"path\":\"bin\",\"encoding\":\"base64\",\"content\":\""
                        + Base64.getEncoder().encodeToString(binary) + "\"}");
        assertTrue(java.util.Arrays.equals(binary, Files.readAllBytes(rootDir.resolve("bin"))));
        fails("readFile", "{\"path\":\"bin\"}", 422, "NotText");
        assertEquals(
                Base64.getEncoder().encodeToString(binary),
                ok("readFile", "{\"path\":\"bin\",\"encoding\":\"base64\"}")
                        .get("content")
                        .asText());
        // no temporary file is left behind
        try (var files = Files.list(rootDir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(FileActions.TEMP_PREFIX)));
        }
    }

    @Test
    public void writeRefusesAnExistingFileUnlessOverwrite() throws Exception {
        ok("writeFile", "{\"path\":\"a.txt\",\"content\":\"" + SECRET + "\"}");
        ServiceOperationException e = fails("writeFile", "{\"path\":\"a.txt\",\"content\":\"x\"}", 409, "FileExists");
        assertTrue(e.getMessage().contains("'a.txt'"));
        assertEquals(SECRET, Files.readString(rootDir.resolve("a.txt")));
        JsonNode replaced = ok("writeFile", "{\"path\":\"a.txt\",\"content\":\"x\",\"overwrite\":true}");
        assertFalse(replaced.get("created").asBoolean());
        assertEquals("x", Files.readString(rootDir.resolve("a.txt")));
        Files.createDirectories(rootDir.resolve("dir"));
        fails("writeFile", "{\"path\":\"dir\",\"content\":\"x\",\"overwrite\":true}", 409, "IsAFolder");
        fails("writeFile", "{\"path\":\"a.txt/b.txt\",\"content\":\"x\"}", 409, "NotAFolder");
        fails("writeFile", "{\"path\":\"b.bin\",\"encoding\":\"base64\",\"content\":\"***\"}", 400, "InvalidContent");
        fails("writeFile", "{\"path\":\"big.txt\",\"content\":\"" + "x".repeat(65) + "\"}", 413, "ContentTooLarge");
        assertFalse(Files.exists(rootDir.resolve("big.txt")));
    }

    @Test
    public void readRefusesMissingFoldersAndLargeFiles() throws Exception {
        fails("readFile", "{\"path\":\"missing.txt\"}", 404, "FileNotFound");
        Files.createDirectories(rootDir.resolve("dir"));
        fails("readFile", "{\"path\":\"dir\"}", 400, "NotAFile");
        Files.writeString(rootDir.resolve("big.txt"), SECRET.repeat(10));
        ServiceOperationException e = fails("readFile", "{\"path\":\"big.txt\"}", 413, "FileTooLarge");
        assertTrue(e.getMessage().contains("'big.txt'"));
        Files.writeString(rootDir.resolve("exact.txt"), "y".repeat(64));
        assertEquals(
                64,
                ok("readFile", "{\"path\":\"exact.txt\"}")
                        .get("content")
                        .asText()
                        .length());
    }

    @Test
    public void deleteFilesAndEmptyFolders() throws Exception {
        Files.writeString(rootDir.resolve("a.txt"), "a");
        JsonNode deleted = ok("deleteFile", "{\"path\":\"a.txt\"}");
        assertTrue(deleted.get("deleted").asBoolean());
        assertFalse(Files.exists(rootDir.resolve("a.txt")));
        fails("deleteFile", "{\"path\":\"a.txt\"}", 404, "FileNotFound");
        Files.createDirectories(rootDir.resolve("full/sub"));
        fails("deleteFile", "{\"path\":\"full\"}", 409, "FolderNotEmpty");
        ok("deleteFile", "{\"path\":\"full/sub\"}");
        fails("deleteFile", "{\"path\":\".\"}", 400, "InvalidPath");
    }

    @Test
    public void listWithPatternRecursionAndLimit() throws Exception {
        Files.createDirectories(rootDir.resolve("in/sub"));
        Files.writeString(rootDir.resolve("in/a.csv"), "1");
        Files.writeString(rootDir.resolve("in/b.txt"), "22");
        Files.writeString(rootDir.resolve("in/sub/c.csv"), "333");
        Files.writeString(rootDir.resolve("in/" + FileActions.TEMP_PREFIX + "x.tmp"), "half");

        JsonNode flat = ok("listFiles", "{\"folder\":\"in\"}");
        assertEquals(List.of("in/a.csv", "in/b.txt", "in/sub"), paths(flat));
        assertFalse(flat.get("truncated").asBoolean());
        for (JsonNode e : flat.get("entries")) {
            assertEquals(
                    e.get("path").asText().equals("in/sub"), e.get("directory").asBoolean());
        }
        assertEquals(2, find(flat, "in/b.txt").get("size").asInt());

        assertEquals(
                List.of("in/a.csv", "in/sub/c.csv"),
                paths(ok("listFiles", "{\"folder\":\"in\",\"pattern\":\"*.csv\",\"recursive\":true}")));
        assertEquals(List.of("in"), paths(ok("listFiles", "{}")));
        assertEquals(
                List.of("in", "in/a.csv", "in/b.txt", "in/sub", "in/sub/c.csv"),
                paths(ok("listFiles", "{\"recursive\":true}")));

        for (int i = 0; i < 5; i++) {
            Files.writeString(rootDir.resolve("in/sub/n" + i), "");
        }
        JsonNode limited = ok("listFiles", "{\"recursive\":true}");
        assertEquals(5, limited.get("entries").size());
        assertTrue(limited.get("truncated").asBoolean());

        fails("listFiles", "{\"folder\":\"nope\"}", 404, "FolderNotFound");
        fails("listFiles", "{\"folder\":\"in/a.csv\"}", 400, "NotAFolder");
        fails("listFiles", "{\"folder\":\"in\",\"pattern\":\"[\"}", 400, "InvalidPattern");
    }

    @Test
    public void listSkipsLinksThatLeaveTheRoot() throws Exception {
        Path outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.writeString(rootDir.resolve("real.txt"), "r");
        Files.createSymbolicLink(rootDir.resolve("out-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("in-link.txt"), rootDir.resolve("real.txt"));
        assertEquals(List.of("in-link.txt", "real.txt"), paths(ok("listFiles", "{}")));
    }

    @Test
    public void everyActionRefusesPathsThatLeaveTheRoot() throws Exception {
        Path outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(rootDir.resolve("escape"), outside);
        for (String path : new String[] {
            "../outside/secret.txt", outside.resolve("secret.txt").toString(), "escape/secret.txt"
        }) {
            String p = MAPPER.writeValueAsString(path);
            fails("readFile", "{\"path\":" + p + "}", 400, "InvalidPath");
            fails("writeFile", "{\"path\":" + p + ",\"content\":\"x\",\"overwrite\":true}", 400, "InvalidPath");
            fails("deleteFile", "{\"path\":" + p + "}", 400, "InvalidPath");
        }
        fails("listFiles", "{\"folder\":\"..\"}", 400, "InvalidPath");
        fails("listFiles", "{\"folder\":\"escape\"}", 400, "InvalidPath");
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    public void connectionAndOperationErrors() throws Exception {
        connection = ConnectionParameters.of(Map.of("rootFolder", "relative"));
        fails("listFiles", "{}", 400, "InvalidConnectionParameter");
        connection = ConnectionParameters.empty();
        fails("listFiles", "{}", 400, "MissingConnectionParameter");
        ObjectNode none = MAPPER.createObjectNode();
        try {
            connector
                    .invokeOperation("nope", connection, ServiceOperationRequest.of(none))
                    .toCompletableFuture()
                    .get();
            throw new AssertionError("accepted");
        } catch (ExecutionException e) {
            assertEquals(404, ((ServiceOperationException) e.getCause()).getStatusCode());
        }
    }

    private static List<String> paths(JsonNode list) {
        List<String> paths = new ArrayList<>();
        list.get("entries").forEach(e -> paths.add(e.get("path").asText()));
        paths.sort(null);
        return paths;
    }

    private static JsonNode find(JsonNode list, String path) {
        for (JsonNode e : list.get("entries")) {
            if (path.equals(e.get("path").asText())) {
                return e;
            }
        }
        throw new AssertionError(path + " not listed");
    }
}
