package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HomePermissionsTest {

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    @Test
    public void aNewHomeIsCreatedPrivate() throws Exception {
        SwitchboardHome home = SwitchboardHome.of(
                        temporary.getRoot().toPath().resolve("home").toString(),
                        temporary.getRoot().toPath())
                .create();
        for (Path folder : List.of(home.root(), home.deploy(), home.conf(), home.secrets(), home.data())) {
            assertEquals(folder.toString(), "rwx------", mode(folder));
        }
    }

    @Test
    public void groupAndWorldAccessIsTakenAwayEverywhereUnderTheHome() throws Exception {
        Path home = temporary.newFolder("home").toPath();
        Path config = Files.createDirectories(home.resolve("data/config/dev/switchboard"));
        Path connection = Files.writeString(config.resolve("connection~prod.config"), "apiKey=\"s3cret\"");
        Path store = Files.createDirectories(home.resolve("data/triggers")).resolve("triggers.mv.db");
        Files.writeString(store, "x");
        Path script = Files.writeString(home.resolve("run.sh"), "#!/bin/sh");
        Path outside = Files.writeString(temporary.getRoot().toPath().resolve("outside"), "x");
        Path link = Files.createSymbolicLink(home.resolve("link"), outside);
        set(home, "rwxr-xr-x");
        set(home.resolve("data"), "rwxrwxrwx");
        set(connection, "rw-r--r--");
        set(store, "rw-rw-r--");
        set(script, "rwxr-xr-x");
        set(outside, "rw-r--r--");

        List<String> fixed = new HomePermissions(home).restrict();

        assertEquals("rwx------", mode(home));
        assertEquals("rwx------", mode(home.resolve("data")));
        assertEquals("rwx------", mode(config));
        assertEquals("rw-------", mode(connection));
        assertEquals("rw-------", mode(store));
        assertEquals("rwx------", mode(script));
        assertEquals("a link is not followed", "rw-r--r--", mode(outside));
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(
                fixed.toString(),
                fixed.contains(".")
                        && fixed.contains("data/config/dev/switchboard/connection~prod.config")
                        && fixed.contains("data/triggers/triggers.mv.db"));

        assertEquals("a second check finds nothing", List.of(), new HomePermissions(home).restrict());
    }

    @Test
    public void theSummaryNamesTheFirstEntriesAndCountsTheRest() {
        assertEquals("a, b", HomePermissions.summary(List.of("a", "b"), 2));
        assertEquals("a, b and 2 more", HomePermissions.summary(List.of("a", "b", "c", "d"), 2));
    }

    @Test
    public void theProbeTellsWhetherTheUmaskKeepsNewFilesPrivate() throws Exception {
        Path home = temporary.newFolder("probe").toPath();
        // the umask of the test JVM decides; the probe leaves nothing behind either way
        new HomePermissions(home).newFilesArePrivate();
        try (var files = Files.list(home)) {
            assertEquals(0, files.count());
        }
    }

    private static void set(Path path, String mode) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
