package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ArchiveFolderTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private Path keep(ArchiveFolder archive, Path file, String content, String version, Instant when) throws Exception {
        Files.writeString(file, content);
        return archive.keep(file.getFileName().toString(), archive.stage(file), version, when);
    }

    @Test
    public void keepsContentsNewestFirstNamedByTimeAndVersion() throws Exception {
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 5);
        Path file = temp.newFolder("deploy").toPath().resolve("greeter.jar");
        keep(archive, file, "one", "1.0.0", T0);
        Path second = keep(archive, file, "two", "2.0.0", T0.plusSeconds(1));

        List<Path> entries = archive.entries("greeter.jar");
        assertEquals(2, entries.size());
        assertEquals(second, entries.get(0));
        assertEquals(
                "20260101T100001.000Z-2.0.0.jar", entries.get(0).getFileName().toString());
        assertEquals(
                "20260101T100000.000Z-1.0.0.jar", entries.get(1).getFileName().toString());
        assertTrue(
                "no staging files are left",
                Files.list(archive.folderOf("greeter.jar")).count() == 2);
    }

    @Test
    public void theSameContentTwiceInARowIsKeptOnce() throws Exception {
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 5);
        Path file = temp.newFolder("deploy").toPath().resolve("greeter.jar");
        assertNotNull(keep(archive, file, "one", "1.0.0", T0));
        assertNull(keep(archive, file, "one", "1.0.0", T0.plusSeconds(1)));
        assertEquals(1, archive.entries("greeter.jar").size());
    }

    @Test
    public void onlyTheNewestAreKept() throws Exception {
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 2);
        Path file = temp.newFolder("deploy").toPath().resolve("greeter.jar");
        for (int i = 1; i <= 4; i++) {
            keep(archive, file, "content " + i, i + ".0.0", T0.plusSeconds(i));
        }
        List<Path> entries = archive.entries("greeter.jar");
        assertEquals(2, entries.size());
        assertTrue(entries.get(0).toString().endsWith("-4.0.0.jar"));
        assertTrue(entries.get(1).toString().endsWith("-3.0.0.jar"));
    }

    @Test
    public void aClockBehindTheNewestEntryStillOrdersByInstallation() throws Exception {
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 5);
        Path file = temp.newFolder("deploy").toPath().resolve("greeter.jar");
        keep(archive, file, "one", "1.0.0", T0);
        Path second = keep(archive, file, "two", "2.0.0", T0.minusSeconds(60));
        assertEquals(second, archive.entries("greeter.jar").get(0));
        assertEquals("20260101T100000.001Z-2.0.0.jar", second.getFileName().toString());
    }

    @Test
    public void previousIsTheNewestDifferentContentAndDiscardingWalksBack() throws Exception {
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 5);
        Path file = temp.newFolder("deploy").toPath().resolve("greeter.jar");
        Path one = keep(archive, file, "one", "1.0.0", T0);
        Path two = keep(archive, file, "two", "2.0.0", T0.plusSeconds(1));
        keep(archive, file, "three", "3.0.0", T0.plusSeconds(2));

        assertEquals(two, archive.previous("greeter.jar", file));
        assertEquals(1, archive.discardNewerThan("greeter.jar", two).size());
        Files.copy(two, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(one, archive.previous("greeter.jar", file));
        archive.discardNewerThan("greeter.jar", one);
        Files.copy(one, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull("nothing earlier than the first content", archive.previous("greeter.jar", file));
    }
}
