package dev.switchboard.launcher;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code --watch}: what reaches the deploy folder from a build folder, poll by poll. */
public final class WatchMirrorTest {

    private static final String NAME = "com.acme.weather";
    private static final String DEPLOYED = NAME + ".watched.jar";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
    private Path target;
    private Path deploy;
    private WatchMirror mirror;

    @Before
    public void folders() throws IOException {
        target = temp.newFolder("target").toPath();
        deploy = temp.newFolder("deploy").toPath();
        mirror =
                new WatchMirror(List.of(target), deploy, temp.getRoot().toPath().resolve("data/watch"), clock);
    }

    @Test
    public void aSettledBundleJarIsDeployedUnderItsSymbolicName() throws IOException {
        Path jar = write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0"), 10);
        mirror.poll();
        assertEquals(List.of(DEPLOYED), deployed());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(deploy.resolve(DEPLOYED)));
        assertEquals(
                "the staged copy was moved, not left behind",
                List.of(),
                list(temp.getRoot().toPath().resolve("data/watch")));
    }

    @Test
    public void aJarJustWrittenWaitsUntilItIsUnchangedForOnePoll() throws IOException {
        write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0"), 0);
        mirror.poll();
        assertEquals("modified just now: it may still be written", List.of(), deployed());
        clock.advance(500);
        Path jar = write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0", "more"), 0); // grew meanwhile
        mirror.poll();
        assertEquals("changed since the last poll", List.of(), deployed());
        clock.advance(500);
        mirror.poll();
        assertEquals("unchanged for one poll", List.of(DEPLOYED), deployed());
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(deploy.resolve(DEPLOYED)));
    }

    @Test
    public void aHalfWrittenJarIsNeverDeployed() throws IOException {
        byte[] whole = bundle(NAME, "1.0.0");
        Path jar = write("acme-weather-1.0.0.jar", Arrays.copyOf(whole, whole.length / 2), 10);
        mirror.poll();
        clock.advance(500);
        mirror.poll();
        assertEquals("no central directory yet: not a readable jar", List.of(), deployed());
        Files.write(jar, whole);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(clock.millis()));
        mirror.poll();
        assertEquals(List.of(), deployed());
        clock.advance(500);
        mirror.poll();
        assertEquals(List.of(DEPLOYED), deployed());
        assertArrayEquals(whole, Files.readAllBytes(deploy.resolve(DEPLOYED)));
    }

    @Test
    public void jarsThatAreNoBundlesOrBuildByProductsAreIgnored() throws IOException {
        write("plain.jar", jar(new Manifest()), 10);
        write("original-acme-weather-1.0.0.jar", bundle("com.acme.original", "1.0.0"), 10);
        write("acme-weather-1.0.0-sources.jar", bundle("com.acme.sources", "1.0.0"), 10);
        write("acme-weather-1.0.0-javadoc.jar", bundle("com.acme.javadoc", "1.0.0"), 10);
        write("acme-weather-1.0.0-tests.jar", bundle("com.acme.tests", "1.0.0"), 10);
        write(".hidden.jar", bundle("com.acme.hidden", "1.0.0"), 10);
        write("notes.txt", "Bundle-SymbolicName: x".getBytes(StandardCharsets.UTF_8), 10);
        Files.createDirectories(target.resolve("classes"));
        mirror.poll();
        clock.advance(500);
        mirror.poll();
        assertEquals(List.of(), deployed());
    }

    @Test
    public void aDeletedJarIsRemovedFromTheDeployFolder() throws IOException {
        Path jar = write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0"), 10);
        mirror.poll();
        assertEquals(List.of(DEPLOYED), deployed());
        Files.delete(jar);
        mirror.poll();
        assertEquals(List.of(), deployed());
    }

    @Test
    public void aWholeBuildFolderRemovedUndeploysItsBundles() throws IOException {
        write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0"), 10);
        mirror.poll();
        assertEquals(List.of(DEPLOYED), deployed());
        Files.delete(target.resolve("acme-weather-1.0.0.jar"));
        Files.delete(target); // mvn clean
        mirror.poll();
        assertEquals(List.of(), deployed());
    }

    @Test
    public void aNewVersionReplacesTheDeployedFileInPlaceAndTheOlderJarTakesOverWhenItGoes() throws IOException {
        Path v1 = write("acme-weather-1.0.0.jar", bundle(NAME, "1.0.0"), 20);
        mirror.poll();
        Path v2 = write("acme-weather-1.1.0.jar", bundle(NAME, "1.1.0"), 10); // mvn package after a version bump
        mirror.poll();
        assertEquals(
                "one file per bundle: the deploy folder updates it (hot swap, archive)", List.of(DEPLOYED), deployed());
        assertArrayEquals("the newest build", Files.readAllBytes(v2), Files.readAllBytes(deploy.resolve(DEPLOYED)));
        Files.delete(v2);
        mirror.poll();
        assertArrayEquals(Files.readAllBytes(v1), Files.readAllBytes(deploy.resolve(DEPLOYED)));
        Files.delete(v1);
        mirror.poll();
        assertEquals(List.of(), deployed());
    }

    @Test
    public void aJarBeingRewrittenKeepsTheDeployedCopy() throws IOException {
        byte[] v1 = bundle(NAME, "1.0.0");
        Path jar = write("acme-weather.jar", v1, 10);
        mirror.poll();
        byte[] v2 = bundle(NAME, "2.0.0");
        Files.write(jar, Arrays.copyOf(v2, v2.length / 3)); // mvn package rewriting it
        Files.setLastModifiedTime(jar, FileTime.fromMillis(clock.millis()));
        mirror.poll();
        clock.advance(500);
        mirror.poll(); // settled, but unreadable (a stalled write)
        clock.advance(500);
        mirror.poll();
        assertArrayEquals("not removed while it is rewritten", v1, Files.readAllBytes(deploy.resolve(DEPLOYED)));
        Files.write(jar, v2);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(clock.millis()));
        clock.advance(500);
        mirror.poll();
        clock.advance(500);
        mirror.poll();
        assertArrayEquals(v2, Files.readAllBytes(deploy.resolve(DEPLOYED)));
    }

    @Test
    public void aJarThatStopsBeingABundleIsUndeployed() throws IOException {
        Path jar = write("acme-weather.jar", bundle(NAME, "1.0.0"), 10);
        mirror.poll();
        Files.write(jar, jar(new Manifest()));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(clock.millis() - 10_000 + 1));
        mirror.poll();
        clock.advance(500);
        mirror.poll();
        assertEquals(List.of(), deployed());
    }

    @Test
    public void onlyAChangeOfTheWatchedJarOverwritesTheDeployedFile() throws IOException {
        Path jar = write("acme-weather.jar", bundle(NAME, "2.0.0"), 10);
        mirror.poll();
        byte[] rolledBack = bundle(NAME, "1.0.0");
        Files.write(deploy.resolve(DEPLOYED), rolledBack); // what POST /api/connectors/{id}/rollback does
        for (int i = 0; i < 3; i++) {
            clock.advance(500);
            mirror.poll();
        }
        assertArrayEquals(
                "a rollback lasts until the next build", rolledBack, Files.readAllBytes(deploy.resolve(DEPLOYED)));
        Files.write(jar, bundle(NAME, "2.0.1"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(clock.millis()));
        mirror.poll();
        clock.advance(500);
        mirror.poll();
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(deploy.resolve(DEPLOYED)));
    }

    @Test
    public void anUnchangedDeployedFileIsNotRewrittenAtTheNextStart() throws IOException {
        Path jar = write("acme-weather.jar", bundle(NAME, "1.0.0"), 10);
        Files.copy(jar, deploy.resolve(DEPLOYED));
        FileTime before = FileTime.fromMillis(clock.millis() - 60_000);
        Files.setLastModifiedTime(deploy.resolve(DEPLOYED), before);
        mirror.poll();
        assertEquals(
                "the same bytes: no update for FileInstall to make",
                before,
                Files.getLastModifiedTime(deploy.resolve(DEPLOYED)));
    }

    @Test
    public void twoBundlesTwoFilesAndSeveralFolders() throws IOException {
        Path other = temp.newFolder("other-target").toPath();
        WatchMirror two = new WatchMirror(
                List.of(target, other), deploy, temp.getRoot().toPath().resolve("w"), clock);
        write("acme-weather.jar", bundle(NAME, "1.0.0"), 10);
        Files.write(other.resolve("b.jar"), bundle("com.acme.b;singleton:=true", "1.0.0"));
        Files.setLastModifiedTime(other.resolve("b.jar"), FileTime.fromMillis(clock.millis() - 10_000));
        two.poll();
        assertEquals(List.of("com.acme.b.watched.jar", DEPLOYED), deployed());
    }

    @Test
    public void foldersComeFromTheOptionsAndTheEnvironment() {
        Path work = Paths.get("/work/dir");
        String separator = java.io.File.pathSeparator;
        assertEquals(
                List.of(Paths.get("/work/dir/a/target"), Paths.get("/abs/target"), Paths.get("/work/dir/b")),
                WatchMirror.folders(
                        List.of("a/target", "/abs/target"),
                        "b" + separator + separator + "/abs/target" + separator + " ",
                        work));
        assertEquals(List.of(), WatchMirror.folders(List.of(), null, work));
        assertEquals("weird_name_.watched.jar", WatchMirror.deployName("weird/name?"));
        assertFalse(WatchMirror.ignoredByName("acme-weather-1.0.0.jar"));
        assertTrue(WatchMirror.ignoredByName("original-acme-weather-1.0.0.jar"));
    }

    /* ---- helpers ---------------------------------------------------------------------------------------------- */

    /** Writes a file last modified {@code secondsAgo} before the clock's now. */
    private Path write(String name, byte[] content, int secondsAgo) throws IOException {
        Path file = target.resolve(name);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.fromMillis(clock.millis() - secondsAgo * 1000L));
        return file;
    }

    private List<String> deployed() throws IOException {
        return list(deploy);
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    static byte[] bundle(String symbolicName, String version, String... extra) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        for (String value : extra) {
            manifest.getMainAttributes().putValue("X-Extra", value);
        }
        return jar(manifest);
    }

    private static byte[] jar(Manifest manifest) throws IOException {
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("com/acme/Thing.class"));
            jar.write(new byte[2048]);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
