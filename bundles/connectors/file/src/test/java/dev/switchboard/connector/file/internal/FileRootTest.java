package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.connector.api.ServiceOperationException;

/** Path confinement: '..', absolute paths and symbolic links that leave the root are refused with 400. */
public class FileRootTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path rootDir;
    private Path outside;
    private FileRoot root;

    @Before
    public void setUp() throws Exception {
        rootDir = tmp.newFolder("root").toPath();
        outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createDirectories(rootDir.resolve("in/sub"));
        root = FileRoot.of(rootDir.toString());
    }

    private ServiceOperationException refused(String input) {
        try {
            root.resolve("path", input, false);
        } catch (ServiceOperationException e) {
            assertEquals(input, 400, e.getStatusCode());
            assertEquals("InvalidPath", e.getCode());
            assertTrue(e.getMessage(), e.getMessage().contains("'path'"));
            assertFalse(
                    "the root is never named: " + e.getMessage(),
                    e.getMessage().contains(rootDir.toString()) && !input.contains(rootDir.toString()));
            assertFalse(e.getMessage(), e.getMessage().contains("top secret"));
            return e;
        }
        throw new AssertionError(input + " was accepted");
    }

    @Test
    public void relativePathsResolveUnderTheRoot() throws Exception {
        Path real = rootDir.toRealPath();
        assertEquals(real.resolve("a.txt"), root.resolve("path", "a.txt", false));
        assertEquals(real.resolve("in/sub/b.txt"), root.resolve("path", "in/sub/b.txt", false));
        assertEquals(real.resolve("in/sub/b.txt"), root.resolve("path", "./in//sub/./b.txt", false));
        assertEquals(real.resolve("in/sub/b.txt"), root.resolve("path", "in\\sub\\b.txt", false));
        assertEquals(real.resolve("not/there/yet.txt"), root.resolve("path", "not/there/yet.txt", false));
        assertEquals(real, root.resolve("folder", "", true));
        assertEquals(real, root.resolve("folder", ".", true));
        assertEquals("in/sub/b.txt", root.relative(real.resolve("in/sub/b.txt")));
        assertEquals("", root.relative(real));
    }

    @Test
    public void dotDotIsRefusedEvenWhenItStaysInside() {
        assertTrue(refused("../outside/secret.txt").getMessage().contains("'..'"));
        refused("..");
        refused("in/../../outside/secret.txt");
        refused("in/../a.txt");
        refused("in\\..\\..\\x");
        refused("in/sub/..");
    }

    @Test
    public void absolutePathsAreRefused() {
        assertTrue(refused("/etc/passwd").getMessage().contains("absolute"));
        refused(outside.resolve("secret.txt").toString());
        refused("\\windows\\win.ini");
        refused("C:\\windows\\win.ini");
        refused("c:/x");
        refused("//server/share/x");
    }

    @Test
    public void oddInputsAreRefused() {
        refused("a\0b");
        refused("");
        refused("./");
    }

    @Test
    public void symbolicLinksThatLeaveTheRootAreRefused() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("escape"), outside);
        Files.createSymbolicLink(rootDir.resolve("in/secret-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(rootDir.resolve("dangling"), outside.resolve("gone"));
        assertTrue(refused("escape/secret.txt").getMessage().contains("symbolic link"));
        refused("escape");
        refused("escape/new-file.txt");
        refused("escape/deeper/new-file.txt");
        refused("in/secret-link.txt");
        refused("dangling");
    }

    @Test
    public void symbolicLinksInsideTheRootAreFollowed() throws Exception {
        Files.createSymbolicLink(rootDir.resolve("shortcut"), rootDir.resolve("in/sub"));
        Files.writeString(rootDir.resolve("in/sub/c.txt"), "c");
        Path p = root.resolve("path", "shortcut/c.txt", false);
        assertEquals("c", Files.readString(p));
    }

    @Test
    public void theRootFolderMustBeAnAbsoluteExistingFolder() throws Exception {
        for (String bad : new String[] {
            "relative/folder",
            rootDir.resolve("missing").toString(),
            outside.resolve("secret.txt").toString()
        }) {
            try {
                FileRoot.of(bad);
                fail(bad + " accepted");
            } catch (ServiceOperationException e) {
                assertEquals(400, e.getStatusCode());
                assertEquals("InvalidConnectionParameter", e.getCode());
                assertTrue(e.getMessage().contains("rootFolder"));
                assertFalse(e.getMessage().contains(bad));
            }
        }
        // the root may itself be a link: confinement is checked against its real path
        Path link = tmp.getRoot().toPath().resolve("root-link");
        Files.createSymbolicLink(link, rootDir);
        assertEquals(
                rootDir.toRealPath().resolve("x"), FileRoot.of(link.toString()).resolve("path", "x", false));
    }
}
