package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

/** Issue #11 §2 and §5: duplicates, files not picked up yet, configuration files, bundles without a connector. */
public class DeployFolderEdgesTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final DeploymentClassifier classifier = new DeploymentClassifier();
    private final List<InstalledBundle> bundles = new ArrayList<>();

    private List<Deployment> classify(Path folder, FolderFacts facts) {
        return classifier.classify(folder, bundles, new CatalogSnapshot(1, List.of()), Instant.now(), facts);
    }

    private Deployment only(Path folder, FolderFacts facts) {
        List<Deployment> all = classify(folder, facts);
        assertEquals(all.toString(), 1, all.size());
        return all.get(0);
    }

    private static void old(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    }

    private InstalledBundle active(Path file, long id, ComponentSummary summary) {
        InstalledBundle bundle = new InstalledBundle(
                new BundleInfo(
                        id, "com.example.x", "1.0.0", file.toUri().normalize().toString()),
                Bundle.ACTIVE,
                Long.MAX_VALUE,
                List::of,
                List::of,
                () -> summary);
        bundles.add(bundle);
        return bundle;
    }

    @Test
    public void aBundleNotPickedUpYetIsPendingNotFailed() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        DeploymentClassifierTest.jar(folder.resolve("new.jar"), "com.example.fresh", "1.0.0");
        Deployment d = only(folder, FolderFacts.NONE);
        assertEquals(DeploymentState.PENDING, d.state());
        assertEquals(
                "bundle com.example.fresh 1.0.0 is not installed yet: waiting for the deploy folder scanner",
                d.reason());
    }

    @Test
    public void anInstalledBundleWaitingForItsTurnToStartIsPendingNotUnresolved() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path file = folder.resolve("queued.jar");
        DeploymentClassifierTest.jar(file, "com.example.queued", "1.0.0");
        bundles.add(new InstalledBundle(
                new BundleInfo(9, "com.example.queued", "1.0.0", file.toUri().toString()), Bundle.INSTALLED, List::of));
        FolderFacts queued = new FolderFacts(Map.of(file, 9L), Map.of(), List.of(), Map.of(), Set.of(9L));
        Deployment waiting = only(folder, queued);
        assertEquals(DeploymentState.PENDING, waiting.state());
        assertEquals(DeploymentClassifier.QUEUED, waiting.reason());
        assertEquals(9, waiting.bundle().id());

        // once its start was tried, the bundle's own state is reported again
        Deployment tried = only(folder, new FolderFacts(Map.of(file, 9L), Map.of(), List.of(), Map.of()));
        assertEquals(DeploymentState.UNRESOLVED, tried.state());
    }

    @Test
    public void theUnsettledFilesAreThoseOnTheirWayAndStartedBundlesAreNotLookedInto() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path started = folder.resolve("a-started.jar");
        Path queued = folder.resolve("b-queued.jar");
        Path fresh = folder.resolve("c-fresh.jar");
        Path resolvedNotStarted = folder.resolve("d-resolved.jar");
        DeploymentClassifierTest.jar(started, "com.example.started", "1.0.0");
        DeploymentClassifierTest.jar(queued, "com.example.queued", "1.0.0");
        DeploymentClassifierTest.jar(fresh, "com.example.fresh", "1.0.0");
        DeploymentClassifierTest.jar(resolvedNotStarted, "com.example.resolved", "1.0.0");
        bundles.add(new InstalledBundle(
                new BundleInfo(
                        1, "com.example.started", "1.0.0", started.toUri().toString()),
                Bundle.ACTIVE,
                Long.MAX_VALUE,
                List::of,
                () -> {
                    throw new AssertionError("the components of a started bundle are not looked into");
                },
                () -> {
                    throw new AssertionError("the components of a started bundle are not looked into");
                }));
        bundles.add(new InstalledBundle(
                new BundleInfo(2, "com.example.queued", "1.0.0", queued.toUri().toString()),
                Bundle.INSTALLED,
                List::of));
        bundles.add(new InstalledBundle(
                new BundleInfo(
                        4,
                        "com.example.resolved",
                        "1.0.0",
                        resolvedNotStarted.toUri().toString()),
                Bundle.RESOLVED,
                List::of));
        FolderFacts facts = new FolderFacts(
                Map.of(started, 1L, queued, 2L, resolvedNotStarted, 4L), Map.of(), List.of(), Map.of(), Set.of(2L));

        List<Deployment> unsettled =
                classifier.unsettled(folder, bundles, new CatalogSnapshot(1, List.of()), Instant.now(), facts);

        assertEquals(
                List.of("b-queued.jar PENDING", "c-fresh.jar PENDING", "d-resolved.jar INSTALLED"),
                unsettled.stream().map(d -> d.file() + " " + d.state()).toList());
    }

    @Test
    public void aParkedCopyIsADuplicateNamingTheFileThatServesEvenAfterAHandOver() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path original = folder.resolve("greeter.jar");
        Path copy = folder.resolve("dup.jar");
        DeploymentClassifierTest.jar(copy, "com.example.greeter", "1.0.0");
        // the bundle's location names greeter.jar, which was removed: dup.jar serves it now
        bundles.add(new InstalledBundle(
                new BundleInfo(
                        7, "com.example.greeter", "1.0.0", original.toUri().toString()),
                Bundle.ACTIVE,
                List::of));
        Deployment served = only(folder, new FolderFacts(Map.of(copy, 7L), Map.of(), List.of(), Map.of()));
        assertEquals(DeploymentState.ACTIVE, served.state());
        assertEquals(7, served.bundle().id());

        DeploymentClassifierTest.jar(original, "com.example.greeter", "1.0.0");
        List<Deployment> both =
                classify(folder, new FolderFacts(Map.of(copy, 7L), Map.of(original, "dup.jar"), List.of(), Map.of()));
        assertEquals(DeploymentState.ACTIVE, both.get(0).state());
        assertEquals("greeter.jar", both.get(1).file());
        assertEquals(DeploymentState.DUPLICATE, both.get(1).state());
        assertNull(both.get(1).bundle());
        assertTrue(
                both.get(1).reason(),
                both.get(1)
                        .reason()
                        .startsWith("same bundle as dup.jar " + "(com.example.greeter 1.0.0): remove one copy"));
    }

    @Test
    public void configurationFilesAreListedWithTheirPidAndState() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path applied = folder.resolve("dev.switchboard.connection-greet.cfg");
        Path broken = folder.resolve("dev.switchboard.connection-bad.cfg");
        Path unread = folder.resolve("com.example.settings.config");
        Path json = folder.resolve("com.example.json.cfg.json");
        Path fresh = folder.resolve("com.example.fresh.cfg");
        for (Path file : List.of(applied, broken, unread, json, fresh)) {
            Files.writeString(file, "a = b\n");
        }
        for (Path file : List.of(applied, broken, unread, json)) {
            old(file);
        }
        FolderFacts facts = new FolderFacts(
                Map.of(),
                Map.of(),
                List.of(
                        new FolderFacts.ConfiguredFile(applied.toUri().toString(), "dev.switchboard.connection~greet"),
                        new FolderFacts.ConfiguredFile(broken.toUri().toString(), "dev.switchboard.connection~bad")),
                Map.of("dev.switchboard.connection-bad.cfg", "connector nope is not installed"));
        List<Deployment> all = classify(folder, facts);
        assertEquals(
                List.of(
                        "com.example.fresh.cfg",
                        "com.example.json.cfg.json",
                        "com.example.settings.config",
                        "dev.switchboard.connection-bad.cfg",
                        "dev.switchboard.connection-greet.cfg"),
                all.stream().map(Deployment::file).toList());

        assertEquals(DeploymentState.PENDING, all.get(0).state());
        assertEquals("com.example.fresh", all.get(0).pid());
        assertEquals(DeploymentState.FAILED, all.get(1).state());
        assertTrue(all.get(1).reason(), all.get(1).reason().contains("rename it to com.example.json.cfg"));
        assertEquals(DeploymentState.FAILED, all.get(2).state());
        assertTrue(all.get(2).reason(), all.get(2).reason().contains("could not read it"));
        assertEquals("com.example.settings", all.get(2).pid());
        assertEquals(DeploymentState.FAILED, all.get(3).state());
        assertEquals(
                "the connection cannot be used: connector nope is not installed",
                all.get(3).reason());
        assertEquals(DeploymentState.APPLIED, all.get(4).state());
        assertEquals("dev.switchboard.connection~greet", all.get(4).pid());
        assertNull(all.get(4).reason());
        assertNull(all.get(4).bundle());
    }

    @Test
    public void aConnectorBundleWithoutComponentsIsFlagged() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path file = folder.resolve("plain.jar");
        DeploymentClassifierTest.jar(file, "com.example.x", "1.0.0");
        active(file, 9, new ComponentSummary(false, true, List.of()));
        Deployment d = only(folder, FolderFacts.NONE);
        assertEquals(DeploymentState.NO_CONNECTOR, d.state());
        assertTrue(
                d.reason(),
                d.reason().startsWith("no Declarative Services component: is the class annotated " + "@Component?"));
    }

    @Test
    public void unsatisfiedComponentsAreFlaggedWithWhatTheyMiss() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path file = folder.resolve("waiting.jar");
        DeploymentClassifierTest.jar(file, "com.example.x", "1.0.0");
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = "com.example.Greeter";
        description.configurationPolicy = "optional";
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = "clock";
        reference.interfaceName = "java.time.Clock";
        description.references = new ReferenceDTO[] {reference};
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
        UnsatisfiedReferenceDTO unsatisfied = new UnsatisfiedReferenceDTO();
        unsatisfied.name = "clock";
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[] {unsatisfied};
        List<String> problems = ComponentSummary.problemsOf(description, true, List.of(configuration));
        assertEquals(
                List.of("component com.example.Greeter unsatisfied: reference clock (java.time.Clock) missing"),
                problems);
        assertEquals(
                List.of("component com.example.Greeter disabled"),
                ComponentSummary.problemsOf(description, false, List.of()));

        active(file, 9, new ComponentSummary(true, true, problems));
        Deployment d = only(folder, FolderFacts.NONE);
        assertEquals(DeploymentState.NO_CONNECTOR, d.state());
        assertEquals(problems.get(0), d.reason());
    }

    @Test
    public void aLibraryBundleIsActiveWithANote() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Path file = folder.resolve("library.jar");
        DeploymentClassifierTest.jar(file, "com.example.x", "1.0.0");
        active(file, 9, new ComponentSummary(false, false, List.of()));
        Deployment d = only(folder, FolderFacts.NONE);
        assertEquals(DeploymentState.ACTIVE, d.state());
        assertEquals(BundleStates.LIBRARY, d.reason());
    }

    @Test
    public void configurationPidsFollowFileInstall() {
        assertEquals("com.example.a", ConfigurationFiles.pidOf("com.example.a.cfg"));
        assertEquals(
                "dev.switchboard.connection~my-db.1",
                ConfigurationFiles.pidOf("dev.switchboard.connection-my-db.1.config"));
    }
}
