package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.connector.api.ServiceOperationException;

public class FolderListingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path rootDir;
    private FileRoot root;

    @Before
    public void setUp() throws Exception {
        rootDir = tmp.newFolder("root").toPath();
        root = FileRoot.of(rootDir.toString());
        Files.writeString(rootDir.resolve("a.csv"), "a");
        Files.writeString(rootDir.resolve("b.txt"), "bb");
        Files.writeString(rootDir.resolve(FileActions.TEMP_PREFIX + "1.tmp"), "half");
        Files.createDirectories(rootDir.resolve("in"));
        Files.writeString(rootDir.resolve("in/c.csv"), "ccc");
    }

    private JsonNode list(int maxEntries, String inputs) throws Exception {
        return new FolderListing(new Limits(64, 64, maxEntries, 100)).listFiles(root, MAPPER.readTree(inputs));
    }

    private static List<String> paths(JsonNode listing) {
        List<String> paths = new ArrayList<>();
        listing.path("entries").forEach(e -> paths.add(e.path("path").asText()));
        paths.sort(null);
        return paths;
    }

    @Test
    public void aGlobRecursionAndTheEntryLimitShapeTheListing() throws Exception {
        assertEquals(List.of("a.csv", "b.txt", "in"), paths(list(100, "{}")));
        assertEquals(List.of("a.csv", "in/c.csv"), paths(list(100, "{\"pattern\":\"*.csv\",\"recursive\":true}")));
        JsonNode cut = list(1, "{\"recursive\":true}");
        assertEquals(1, cut.path("entries").size());
        assertTrue(cut.path("truncated").asBoolean());
        assertFalse(list(100, "{}").path("truncated").asBoolean());
    }

    @Test
    public void anEntryHasItsSizeAndKind() throws Exception {
        for (JsonNode entry : list(100, "{}").path("entries")) {
            boolean folder = entry.path("path").asText().equals("in");
            assertEquals(folder, entry.path("directory").asBoolean());
            assertEquals(
                    folder ? 0 : entry.path("path").asText().equals("a.csv") ? 1 : 2,
                    entry.path("size").asLong());
        }
    }

    @Test
    public void aMissingFolderIs404AndAFileIsNoFolder() throws Exception {
        try {
            list(100, "{\"folder\":\"nope\"}");
            fail();
        } catch (ServiceOperationException e) {
            assertEquals("FolderNotFound", e.getCode());
        }
        try {
            list(100, "{\"folder\":\"a.csv\"}");
            fail();
        } catch (ServiceOperationException e) {
            assertEquals("NotAFolder", e.getCode());
        }
    }

    @Test
    public void theTriggerSeesRegularFilesOnlyNeverFilesBeingWritten() throws Exception {
        List<String> names = new ArrayList<>();
        FolderListing.regularFiles(rootDir)
                .forEach(p -> names.add(p.getFileName().toString()));
        names.sort(null);
        assertEquals(List.of("a.csv", "b.txt"), names);
    }

    @Test
    public void anInvalidGlobIs400NamingTheInput() {
        assertNull(FolderListing.matcher("pattern", ""));
        try {
            FolderListing.matcher("pattern", "[a");
            fail();
        } catch (ServiceOperationException e) {
            assertEquals(400, e.getStatusCode());
            assertTrue(e.getMessage(), e.getMessage().startsWith("Input 'pattern'"));
        }
    }
}
