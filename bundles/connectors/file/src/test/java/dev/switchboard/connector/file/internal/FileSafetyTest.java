package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.testkit.TestPollScheduler;

/**
 * Attacks on the root's confinement that links and odd paths allow: a hard link inside the root to a file outside it,
 * names too long for the file system, paths Java cannot even represent. Each answers 400, never 500.
 */
public class FileSafetyTest {

    /** Never polls here: these tests run no trigger. */
    private static final TestPollScheduler ACTIONS_ONLY = new TestPollScheduler("file-test", 1);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "outside-secret-content";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path rootDir;
    private Path outside;
    private ConnectionParameters connection;
    private FileConnector connector;

    @Before
    public void setUp() throws Exception {
        rootDir = tmp.newFolder("root").toPath();
        outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), SECRET);
        connection = ConnectionParameters.of(Map.of("rootFolder", rootDir.toString()));
        connector = new FileConnector(new Limits(1024, 1024, 100, 10), ACTIONS_ONLY);
    }

    @Test
    public void aHardLinkToAFileOutsideTheRootIsNeitherReadNorWritten() throws Exception {
        hardLink(rootDir.resolve("innocent.txt"), outside.resolve("secret.txt"));
        ServiceOperationException read = fails("readFile", in("path", "innocent.txt"), 400, "HardLinkRefused");
        assertTrue(read.getMessage(), read.getMessage().contains("allow.hard.links"));
        fails("readFile", in("path", "innocent.txt").put("encoding", "base64"), 400, "HardLinkRefused");
        fails(
                "writeFile",
                in("path", "innocent.txt").put("content", "x").put("overwrite", true),
                400,
                "HardLinkRefused");
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
        assertEquals("the link is kept as it was", SECRET, Files.readString(rootDir.resolve("innocent.txt")));
    }

    @Test
    public void aSymbolicLinkToAHardLinkedFileIsRefusedToo() throws Exception {
        Files.createDirectories(rootDir.resolve("in"));
        hardLink(rootDir.resolve("in/linked.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("alias.txt"), rootDir.resolve("in/linked.txt"));
        fails("readFile", in("path", "alias.txt"), 400, "HardLinkRefused");
    }

    @Test
    public void hardLinksAreAllowedWhenTheConnectorIsConfiguredSo() throws Exception {
        hardLink(rootDir.resolve("innocent.txt"), outside.resolve("secret.txt"));
        connector = new FileConnector(new Limits(1024, 1024, 100, 10, true), ACTIONS_ONLY);
        assertEquals(
                SECRET,
                ok("readFile", in("path", "innocent.txt")).get("content").asText());
    }

    @Test
    public void aFileWithOneLinkIsReadAndWrittenAsBefore() throws Exception {
        ok("writeFile", in("path", "a.txt").put("content", "hello"));
        assertEquals("hello", ok("readFile", in("path", "a.txt")).get("content").asText());
        ok("writeFile", in("path", "a.txt").put("content", "again").put("overwrite", true));
        assertEquals("again", ok("readFile", in("path", "a.txt")).get("content").asText());
    }

    @Test
    public void symbolicLinksOutOfTheRootStayRefused() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("out.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("out-dir"), outside);
        fails("readFile", in("path", "out.txt"), 400, "InvalidPath");
        fails("writeFile", in("path", "out.txt").put("content", "x").put("overwrite", true), 400, "InvalidPath");
        fails("readFile", in("path", "out-dir/secret.txt"), 400, "InvalidPath");
        fails("writeFile", in("path", "out-dir/new.txt").put("content", "x"), 400, "InvalidPath");
        assertFalse(Files.exists(outside.resolve("new.txt")));
        assertEquals(SECRET, Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    public void namesTooLongForTheFileSystemAre400NotAServerError() throws Exception {
        for (String path : List.of(
                "a".repeat(256),
                "a".repeat(300),
                "dir/" + "b".repeat(1000) + "/c.txt",
                "é".repeat(128),
                tooLongAsAWhole())) {
            String shown = path.length() > 20 ? path.substring(0, 20) + "...(" + path.length() + ")" : path;
            ServiceOperationException read = fails("readFile", in("path", path), 400, "InvalidPath");
            assertTrue(shown + ": " + read.getMessage(), read.getMessage().contains("too long"));
            fails("writeFile", in("path", path).put("content", "x"), 400, "InvalidPath");
            fails("deleteFile", in("path", path), 400, "InvalidPath");
            fails("listFiles", in("folder", path), 400, "InvalidPath");
        }
        // 255 bytes is still a name
        ok("writeFile", in("path", "n".repeat(255)).put("content", "x"));
        assertEquals(
                "x", ok("readFile", in("path", "n".repeat(255))).get("content").asText());
    }

    @Test
    public void pathsJavaCannotRepresentAre400() throws Exception {
        for (String path : List.of("a\0b", "bad\uD800surrogate", "x/\uDFFF")) {
            fails("readFile", in("path", path), 400, "InvalidPath");
            fails("writeFile", in("path", path).put("content", "x"), 400, "InvalidPath");
            fails("deleteFile", in("path", path), 400, "InvalidPath");
            fails("listFiles", in("folder", path), 400, "InvalidPath");
        }
    }

    @Test
    public void anOverlongOrInvalidRootFolderIs400() throws Exception {
        for (String root : List.of("/" + "r".repeat(300), "/" + "r/".repeat(3000), "/tmp/\0x", "/tmp/\uD800")) {
            connection = ConnectionParameters.of(Map.of("rootFolder", root));
            fails("listFiles", MAPPER.createObjectNode(), 400, "InvalidConnectionParameter");
        }
    }

    @Test
    public void aFileSystemThatSaysTheNameIsTooLongAnswers400() {
        ServiceOperationException e = FileFailures.ioFailure(
                "read", "path", "x", new FileSystemException("/root/x", null, "File name too long"));
        assertEquals(400, e.getStatusCode());
        assertEquals("InvalidPath", e.getCode());
        assertFalse(e.getMessage(), e.getMessage().contains("/root"));
    }

    private String tooLongAsAWhole() {
        StringBuilder path = new StringBuilder();
        while (path.length() < 4200) {
            path.append("d".repeat(200)).append('/');
        }
        return path.append("f.txt").toString();
    }

    private void hardLink(Path link, Path existing) throws Exception {
        try {
            Files.createLink(link, existing);
        } catch (UnsupportedOperationException | FileSystemException e) {
            assumeTrue("the file system makes no hard links here: " + e, false);
        }
    }

    private static ObjectNode in(String name, String value) {
        return MAPPER.createObjectNode().put(name, value);
    }

    private JsonNode ok(String operation, JsonNode in) throws Exception {
        return connector
                .invokeOperation(operation, connection, ServiceOperationRequest.of(in))
                .toCompletableFuture()
                .get()
                .body();
    }

    private ServiceOperationException fails(String operation, JsonNode in, int status, String code) throws Exception {
        try {
            JsonNode body = connector
                    .invokeOperation(operation, connection, ServiceOperationRequest.of(in))
                    .toCompletableFuture()
                    .get()
                    .body();
            throw new AssertionError(operation + " succeeded: " + body);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof ServiceOperationException failure)) {
                throw new AssertionError(operation + " failed with " + e.getCause(), e.getCause());
            }
            assertEquals(operation + ": " + failure.getMessage(), status, failure.getStatusCode());
            assertEquals(operation + ": " + failure.getMessage(), code, failure.getCode());
            assertFalse(failure.getMessage(), failure.getMessage().contains(SECRET));
            assertFalse(failure.getMessage(), failure.getMessage().contains(rootDir.toString()));
            return failure;
        }
    }
}
