package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

public class DeploymentClassifierTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final DeploymentClassifier classifier = new DeploymentClassifier();
    private final List<InstalledBundle> bundles = new ArrayList<>();
    private final List<ConnectorEntry> connectors = new ArrayList<>();

    private Deployment only(Path folder) {
        List<Deployment> all = classifier.classify(folder, bundles, new CatalogSnapshot(1, connectors), Instant.now());
        assertEquals(all.toString(), 1, all.size());
        return all.get(0);
    }

    private Path deployFolder() throws IOException {
        return temp.newFolder("deploy").toPath();
    }

    static void jar(Path file, String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        }
        if (version != null) {
            manifest.getMainAttributes().putValue("Bundle-Version", version);
        }
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new ZipEntry("a.txt"));
            jar.write("a".getBytes(StandardCharsets.UTF_8));
        }
    }

    private InstalledBundle installed(Path file, long id, String bsn, String version, int state, String... missing) {
        InstalledBundle bundle = new InstalledBundle(
                new BundleInfo(
                        id, bsn, version, file.toFile().toURI().normalize().toString()),
                state,
                () -> List.of(missing));
        bundles.add(bundle);
        return bundle;
    }

    private static void old(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    @Test
    public void emptyFileFails() throws Exception {
        Path folder = deployFolder();
        Files.createFile(folder.resolve("empty.jar"));
        Deployment d = only(folder);
        assertEquals("empty.jar", d.file());
        assertEquals(DeploymentState.FAILED, d.state());
        assertNull(d.bundle());
        assertTrue(d.reason(), d.reason().contains("empty"));
    }

    @Test
    public void corruptFileFails() throws Exception {
        Path folder = deployFolder();
        Files.writeString(folder.resolve("corrupt.jar"), "this is not a zip file");
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().startsWith("not a jar or zip file"));
    }

    @Test
    public void jarWithoutManifestFails() throws Exception {
        Path folder = deployFolder();
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(folder.resolve("plain.jar")))) {
            zip.putNextEntry(new ZipEntry("x.txt"));
            zip.write(1);
        }
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().contains("no META-INF/MANIFEST.MF"));
    }

    @Test
    public void plainJarIsNotAnOsgiBundle() throws Exception {
        Path folder = deployFolder();
        jar(folder.resolve("library.jar"), null, null);
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().startsWith("not an OSGi bundle"));
        assertTrue(d.reason(), d.reason().contains("bnd or the maven-bundle-plugin"));
    }

    @Test
    public void bundleAlreadyInstalledFromElsewhereIsNamed() throws Exception {
        Path folder = deployFolder();
        Path copy = folder.resolve("greeter-copy.jar");
        jar(copy, "com.example.greeter;singleton:=true", "1.0.0");
        installed(temp.newFile("elsewhere.jar").toPath(), 7, "com.example.greeter", "1.0.0", Bundle.ACTIVE);
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().contains("already installed from file:"));
        assertTrue(d.reason(), d.reason().contains("elsewhere.jar"));
        assertTrue(d.reason(), d.reason().contains("bundle id 7"));
    }

    @Test
    public void freshBundleIsWaitingForTheScanner() throws Exception {
        Path folder = deployFolder();
        jar(folder.resolve("new.jar"), "com.example.fresh", "1.0.0");
        Deployment d = only(folder);
        assertEquals(DeploymentState.PENDING, d.state());
        assertTrue(d.reason(), d.reason().contains("waiting for the deploy folder scanner"));
    }

    @Test
    public void oldBundleThatWasNeverInstalledSaysSo() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("stale.jar");
        jar(file, "com.example.stale", "1.0.0");
        old(file);
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().contains("was not installed"));
    }

    @Test
    public void unresolvedBundleNamesItsMissingRequirements() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("needy.jar");
        jar(file, "com.example.needy", "1.0.0");
        installed(
                file,
                9,
                "com.example.needy",
                "1.0.0",
                Bundle.INSTALLED,
                "Missing requirement: package com.example.missing [1.0.0,2.0.0)");
        Deployment d = only(folder);
        assertEquals(DeploymentState.UNRESOLVED, d.state());
        assertEquals(9, d.bundle().id());
        assertEquals("Missing requirement: package com.example.missing [1.0.0,2.0.0)", d.reason());
    }

    @Test
    public void resolvedBundleIsInstalled() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("lib.jar");
        jar(file, "com.example.lib", "1.0.0");
        installed(file, 9, "com.example.lib", "1.0.0", Bundle.RESOLVED);
        assertEquals(DeploymentState.INSTALLED, only(folder).state());
    }

    @Test
    public void activeBundleListsItsConnectors() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("greeter.jar");
        jar(file, "com.example.greeter", "1.0.0");
        InstalledBundle bundle = installed(file, 9, "com.example.greeter", "1.0.0", Bundle.ACTIVE);
        connectors.add(entry("greeter", ConnectorState.ACTIVE, null, bundle.info()));
        connectors.add(entry("other", ConnectorState.ACTIVE, null, new BundleInfo(3, "x", "1.0.0", "file:/x.jar")));
        Deployment d = only(folder);
        assertEquals(DeploymentState.ACTIVE, d.state());
        assertEquals(List.of("greeter@1.0.0"), d.connectors());
        assertNull(d.reason());
    }

    @Test
    public void classifyingSomeFilesGivesTheirEntriesOfTheWholeReportAndNoOthers() throws Exception {
        Path folder = deployFolder();
        for (int i = 1; i <= 3; i++) {
            Path file = folder.resolve("c" + i + ".jar");
            jar(file, "com.example.c" + i, "1.0.0");
            InstalledBundle bundle = installed(file, 10 + i, "com.example.c" + i, "1.0.0", Bundle.ACTIVE);
            connectors.add(entry("c" + i, ConnectorState.ACTIVE, null, bundle.info()));
        }
        Files.writeString(folder.resolve("a.cfg"), "x=1");
        CatalogSnapshot catalog = new CatalogSnapshot(1, connectors);
        Instant now = Instant.now();
        List<Deployment> whole = classifier.classify(folder, bundles, catalog, now);

        List<Deployment> some = classifier.classifyFiles(
                List.of(
                        folder.resolve("c3.jar"),
                        folder.resolve("c2.jar"),
                        folder.resolve("a.cfg"),
                        folder.resolve("gone.jar")),
                bundles,
                catalog,
                now,
                FolderFacts.NONE);

        assertEquals(List.of(whole.get(2), whole.get(3)), some);
        assertEquals(List.of("c2@1.0.0"), some.get(0).connectors());
        assertEquals(DeploymentState.ACTIVE, some.get(1).state());
    }

    @Test
    public void activeBundleWithABrokenConnectorReportsIt() throws Exception {
        Path folder = deployFolder();
        Path failing = folder.resolve("a-failing.jar");
        Path conflicting = folder.resolve("b-conflicting.jar");
        jar(failing, "com.example.failing", "1.0.0");
        jar(conflicting, "com.example.conflicting", "1.0.0");
        InstalledBundle failingBundle = installed(failing, 9, "com.example.failing", "1.0.0", Bundle.ACTIVE);
        InstalledBundle conflictingBundle =
                installed(conflicting, 10, "com.example.conflicting", "1.0.0", Bundle.ACTIVE);
        connectors.add(entry("bad", ConnectorState.FAILED, "duplicate operation id 'x'", failingBundle.info()));
        connectors.add(entry("dup", ConnectorState.CONFLICT, "already provided", conflictingBundle.info()));

        List<Deployment> all = classifier.classify(folder, bundles, new CatalogSnapshot(1, connectors), Instant.now());
        assertEquals(DeploymentState.FAILED, all.get(0).state());
        assertEquals("bad@1.0.0: duplicate operation id 'x'", all.get(0).reason());
        assertEquals(DeploymentState.CONFLICT, all.get(1).state());
        assertEquals("dup@1.0.0: already provided", all.get(1).reason());
    }

    @Test
    public void activeBundleWithAComponentThatFailedToActivateIsFailed() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("faulty.jar");
        jar(file, "com.example.faulty", "1.0.0");
        BundleInfo info = new BundleInfo(
                9, "com.example.faulty", "1.0.0", file.toUri().normalize().toString());
        bundles.add(new InstalledBundle(
                info,
                Bundle.ACTIVE,
                Long.MAX_VALUE,
                List::of,
                () -> List.of("component com.example.Broken failed to activate: java.lang.IllegalStateException: no")));
        connectors.add(entry("fine", ConnectorState.ACTIVE, null, info));
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertEquals(List.of("fine@1.0.0"), d.connectors());
        assertTrue(d.reason(), d.reason().contains("com.example.Broken failed to activate"));
    }

    @Test
    public void aFailedUpdateSaysThePreviousContentKeepsServing() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("greeter.jar");
        Files.writeString(file, "half a jar");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        BundleInfo info = new BundleInfo(
                9, "com.example.greeter", "1.0.0", file.toUri().normalize().toString());
        bundles.add(new InstalledBundle(
                info, Bundle.ACTIVE, Instant.now().minusSeconds(120).toEpochMilli(), List::of, List::of));
        connectors.add(entry("greeter", ConnectorState.ACTIVE, null, info));
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertEquals(List.of("greeter@1.0.0"), d.connectors());
        assertTrue(d.reason(), d.reason().startsWith("the file's new content could not be installed (not a jar"));
        assertTrue(
                d.reason(),
                d.reason()
                        .contains(
                                "com.example.greeter 1.0.0, installed from the previous content, " + "keeps serving"));
    }

    @Test
    public void aFileJustChangedIsNotAFailedUpdateYet() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("greeter.jar");
        jar(file, "com.example.greeter", "2.0.0");
        BundleInfo info = new BundleInfo(
                9, "com.example.greeter", "1.0.0", file.toUri().normalize().toString());
        bundles.add(new InstalledBundle(
                info, Bundle.ACTIVE, Instant.now().minusSeconds(120).toEpochMilli(), List::of, List::of));
        assertEquals(DeploymentState.ACTIVE, only(folder).state());
    }

    @Test
    public void aFreshIncompleteFileIsWaitingToBeComplete() throws Exception {
        Path folder = deployFolder();
        Files.write(folder.resolve("big.jar"), new byte[] {'P', 'K', 3, 4, 20, 0});
        Deployment d = only(folder);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().contains("waiting for the file to be complete"));
        old(folder.resolve("big.jar"));
        assertTrue(only(folder).reason().startsWith("not a jar or zip file"));
        assertTrue(!only(folder).reason().contains("waiting"));
        assertEquals(DeploymentState.FAILED, only(folder).state());
    }

    @Test
    public void aFileWhoseBundleWasUninstalledForACorruptContentSaysWhereThePreviousOneIs() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("greeter.jar");
        ArchiveFolder archive = new ArchiveFolder(temp.newFolder("archive").toPath(), 5);
        jar(file, "com.example.greeter", "1.0.0");
        Path kept = archive.keep("greeter.jar", archive.stage(file), "1.0.0", Instant.now());
        Files.writeString(file, "garbage");
        old(file);
        List<Deployment> all = new DeploymentClassifier(archive)
                .classify(folder, bundles, new CatalogSnapshot(1, connectors), Instant.now());
        String reason = all.get(0).reason();
        assertTrue(reason, reason.startsWith("not a jar or zip file"));
        assertTrue(reason, reason.contains("previous content was uninstalled"));
        assertTrue(reason, reason.contains(kept.toString()));
    }

    @Test
    public void aSecondFileWithTheSameBundleNamesTheOtherFile() throws Exception {
        Path folder = deployFolder();
        Path first = folder.resolve("a-copy.jar");
        Path original = folder.resolve("greeter.jar");
        jar(first, "com.example.greeter", "1.0.0");
        jar(original, "com.example.greeter", "1.0.0");
        installed(original, 7, "com.example.greeter", "1.0.0", Bundle.ACTIVE);
        List<Deployment> all = classifier.classify(folder, bundles, new CatalogSnapshot(1, connectors), Instant.now());
        assertEquals("a-copy.jar", all.get(0).file());
        assertEquals(DeploymentState.DUPLICATE, all.get(0).state());
        assertTrue(
                all.get(0).reason(),
                all.get(0)
                        .reason()
                        .startsWith("same bundle as greeter.jar " + "(com.example.greeter 1.0.0): remove one copy"));
        assertEquals(DeploymentState.ACTIVE, all.get(1).state());
    }

    @Test
    public void hiddenFilesAndFoldersAreSkippedAndTheRestSorted() throws Exception {
        Path folder = deployFolder();
        for (String name : List.of("b.jar", "a.jar", "c.cfg", "d.cfg.json", "e.config", ".hidden.jar", ".f.cfg")) {
            Files.writeString(folder.resolve(name), "x");
        }
        Files.createDirectory(folder.resolve("exploded"));
        List<Deployment> all = classifier.classify(folder, bundles, new CatalogSnapshot(1, connectors), Instant.now());
        assertEquals(
                List.of("a.jar", "b.jar", "c.cfg", "d.cfg.json", "e.config"),
                all.stream().map(Deployment::file).toList());
    }

    @Test
    public void missingFolderGivesAnEmptyReport() {
        assertTrue(classifier
                .classify(
                        temp.getRoot().toPath().resolve("absent"),
                        bundles,
                        new CatalogSnapshot(1, connectors),
                        Instant.now())
                .isEmpty());
    }

    @Test
    public void locationsAreComparedAsPaths() throws Exception {
        Path folder = deployFolder();
        Path file = folder.resolve("x.jar");
        jar(file, "com.example.x", "1.0.0");
        String unnormalized =
                folder.resolve("sub").resolve("..").resolve("x.jar").toUri().toString();
        bundles.add(new InstalledBundle(
                new BundleInfo(5, "com.example.x", "1.0.0", unnormalized), Bundle.RESOLVED, List::of));
        bundles.add(new InstalledBundle(
                new BundleInfo(6, "y", "1.0.0", "mvn:com.example/x/1.0.0"), Bundle.ACTIVE, List::of));
        assertEquals(5, only(folder).bundle().id());
    }

    private static ConnectorEntry entry(String id, ConnectorState state, String reason, BundleInfo bundle) {
        return new ConnectorEntry(id, bundle.version(), state, reason, null, List.of(), bundle);
    }
}
