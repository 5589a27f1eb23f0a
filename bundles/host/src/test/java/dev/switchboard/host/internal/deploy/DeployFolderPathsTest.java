package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;

import dev.switchboard.host.api.BundleInfo;

public class DeployFolderPathsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void bundlesAndConfigurationsAreListedApartWithoutHiddenFilesOrFolders() throws Exception {
        Path folder = temp.getRoot().toPath();
        Files.writeString(folder.resolve("b.jar"), "");
        Files.writeString(folder.resolve("a.jar"), "");
        Files.writeString(folder.resolve(".hidden.jar"), "");
        Files.writeString(folder.resolve("x.cfg"), "");
        Files.writeString(folder.resolve("y.CONFIG"), "");
        Files.createDirectory(folder.resolve("sub"));
        assertEquals(
                List.of("a.jar", "b.jar"),
                DeployFolderPaths.deployableFiles(folder).stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
        assertEquals(
                List.of("x.cfg", "y.CONFIG"),
                DeployFolderPaths.configurationFiles(folder).stream()
                        .map(p -> p.getFileName().toString())
                        .toList());
        assertEquals(List.of(), DeployFolderPaths.deployableFiles(folder.resolve("missing")));
        assertEquals(List.of(), DeployFolderPaths.configurationFiles(null));
    }

    @Test
    public void onlyFileLocationsArePaths() {
        Path folder = temp.getRoot().toPath().toAbsolutePath().normalize();
        assertEquals(
                folder.resolve("a.jar"),
                DeployFolderPaths.locationPath(
                        folder.resolve("sub/../a.jar").toUri().toString()));
        assertNull(DeployFolderPaths.locationPath("mvn:com.example/a/1.0.0"));
        assertNull(DeployFolderPaths.locationPath(null));
        assertNull(DeployFolderPaths.locationPath("file:not a uri"));
    }

    @Test
    public void theBundleInstalledFromAFileIsFoundByPathNotByString() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("a.jar"), "");
        InstalledBundle other = installed(1, "file:/elsewhere/a.jar");
        InstalledBundle mine = installed(2, file.toUri().normalize().toString());
        assertSame(mine, DeployFolderPaths.installedFrom(file, List.of(other, mine)));
        assertNull(DeployFolderPaths.installedFrom(file, List.of(other)));
    }

    @Test
    public void aFileChangedWithinTheWindowIsRecent() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("a.jar"), "");
        Instant now = Instant.now();
        Files.setLastModifiedTime(file, FileTime.from(now.minusSeconds(2)));
        assertTrue(DeployFolderPaths.modifiedWithin(file, now, Duration.ofSeconds(5)));
        assertFalse(DeployFolderPaths.modifiedWithin(file, now, Duration.ofSeconds(1)));
        assertFalse(DeployFolderPaths.modifiedWithin(file.resolveSibling("gone.jar"), now, Duration.ofSeconds(5)));
    }

    private static InstalledBundle installed(long id, String location) {
        return new InstalledBundle(new BundleInfo(id, "b" + id, "1.0.0", location), Bundle.ACTIVE, List::of);
    }
}
