package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentException;
import dev.switchboard.host.api.DeploymentFiles.Written;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.api.Failure.Reason;

public class DeployFolderWritesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private Path folder;
    private final List<Deployment> entries = new CopyOnWriteArrayList<>();
    /** The last-modified time of the bundle "installed" from greeter.jar; -1: none. */
    private final AtomicLong installedAt = new AtomicLong(-1);

    private DeployFolderWrites writes;

    @Before
    public void setUp() throws IOException {
        folder = temp.newFolder("deploy").toPath();
        writes = writes(1024 * 1024);
    }

    @Test
    public void namesThatAreNoPlainDeployableFileAreRefusedAndNothingIsWritten() throws IOException {
        byte[] jar = jar("greeter", "1.0.0");
        for (String name : List.of("../evil.jar", ".hidden.jar", "a/b.jar", "notes.txt", "<b>.jar", "")) {
            DeploymentException e = refused(() -> writes.write(name, new ByteArrayInputStream(jar), Duration.ZERO));
            assertEquals(name, Reason.INVALID_REQUEST, e.reason());
        }
        DeploymentException cfg = refused(() -> writes.write("db.cfg", new ByteArrayInputStream(jar), Duration.ZERO));
        assertTrue(cfg.getMessage(), cfg.getMessage().contains("PUT /api/connections/{name}"));
        assertEquals(List.of(), files());
        assertFalse(Files.exists(folder.resolveSibling("evil.jar")));
    }

    @Test
    public void contentThatIsNoBundleIsRefusedWithTheReasonAndNeverReachesTheFolder() throws IOException {
        byte[] garbage = "not a jar".getBytes(StandardCharsets.UTF_8);
        DeploymentException e =
                refused(() -> writes.write("greeter.jar", new ByteArrayInputStream(garbage), Duration.ZERO));
        assertEquals(Reason.INVALID_REQUEST, e.reason());
        assertEquals("NotDeployable", e.code());
        assertTrue(e.getMessage(), e.getMessage().startsWith("greeter.jar was not written to the deploy folder: "));
        DeploymentException empty =
                refused(() -> writes.write("greeter.jar", new ByteArrayInputStream(new byte[0]), Duration.ZERO));
        assertTrue(empty.getMessage(), empty.getMessage().contains("empty"));
        assertEquals("no file, no temporary file left", List.of(), files());
    }

    @Test
    public void aFileOverTheLimitIs413AndLeavesNothing() throws IOException {
        writes = writes(100);
        byte[] jar = jar("greeter", "1.0.0");
        DeploymentException e =
                refused(() -> writes.write("greeter.jar", new ByteArrayInputStream(jar), Duration.ZERO));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage(), e.getMessage().contains("max.file.bytes of " + DeployFolderWrites.PID));
        assertEquals(List.of(), files());
    }

    @Test
    public void aJarIsWrittenWholeAndTheSameBytesAgainAreNotRewritten() throws IOException {
        byte[] jar = jar("greeter", "1.0.0");
        Written first = writes.write("greeter.jar", new ByteArrayInputStream(jar), Duration.ZERO);
        assertFalse(first.replaced());
        assertFalse("nothing took it yet", first.settled());
        assertArrayEquals(jar, Files.readAllBytes(folder.resolve("greeter.jar")));
        assertEquals(List.of("greeter.jar"), files());

        entries.add(new Deployment("greeter.jar", DeploymentState.ACTIVE, null, List.of("greeter@1.0.0"), null));
        long before = Files.getLastModifiedTime(folder.resolve("greeter.jar")).toMillis();
        Written again = writes.write("greeter.jar", new ByteArrayInputStream(jar), Duration.ZERO);
        assertTrue(again.replaced());
        assertTrue(again.unchanged());
        assertEquals(DeploymentState.ACTIVE, again.deployment().state());
        assertEquals(
                before, Files.getLastModifiedTime(folder.resolve("greeter.jar")).toMillis());
    }

    @Test
    public void theWaitEndsWhenTheBundleFromTheNewContentIsActive() throws Exception {
        entries.add(new Deployment("greeter.jar", DeploymentState.PENDING, null, List.of(), "waiting"));
        Thread scanner = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            entries.clear();
            entries.add(new Deployment("greeter.jar", DeploymentState.ACTIVE, null, List.of("greeter@2.0.0"), null));
            installedAt.set(System.currentTimeMillis() + 1);
        });
        scanner.start();
        Written written =
                writes.write("greeter.jar", new ByteArrayInputStream(jar("greeter", "2.0.0")), Duration.ofSeconds(10));
        scanner.join();
        assertTrue(written.settled());
        assertEquals(DeploymentState.ACTIVE, written.deployment().state());
    }

    @Test
    public void anActiveEntryOfTheOldBundleIsNotTakenForTheOutcome() throws Exception {
        installedAt.set(1); // installed long before the write
        entries.add(new Deployment("greeter.jar", DeploymentState.ACTIVE, null, List.of("greeter@1.0.0"), null));
        Written written =
                writes.write("greeter.jar", new ByteArrayInputStream(jar("greeter", "2.0.0")), Duration.ofMillis(300));
        assertFalse("the wait ran out: the scanner never took the new content", written.settled());
    }

    @Test
    public void anActiveBundleWhoseConnectorIsNotInTheCatalogYetIsWaitedFor() throws Exception {
        entries.add(new Deployment(
                "greeter.jar", DeploymentState.ACTIVE, null, List.of("bundle:greeter@1.0.0"), "loading"));
        installedAt.set(Long.MAX_VALUE);
        Thread catalog = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            entries.clear();
            entries.add(new Deployment("greeter.jar", DeploymentState.ACTIVE, null, List.of("greeter@1.0.0"), null));
        });
        catalog.start();
        Written written =
                writes.write("greeter.jar", new ByteArrayInputStream(jar("greeter", "1.0.0")), Duration.ofSeconds(10));
        catalog.join();
        assertEquals(List.of("greeter@1.0.0"), written.deployment().connectors());
    }

    @Test
    public void aFailedEntryIsTheOutcomeAtOnce() throws Exception {
        entries.add(new Deployment("greeter.jar", DeploymentState.FAILED, null, List.of(), "missing requirement"));
        long start = System.nanoTime();
        Written written =
                writes.write("greeter.jar", new ByteArrayInputStream(jar("greeter", "1.0.0")), Duration.ofSeconds(10));
        assertTrue(written.settled());
        assertEquals(DeploymentState.FAILED, written.deployment().state());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }

    @Test
    public void removeDeletesTheFileAndSaysWhenTheBundleIsGone() throws IOException {
        DeploymentException missing = refused(() -> writes.remove("greeter.jar", Duration.ZERO));
        assertEquals(Reason.NOT_FOUND, missing.reason());
        assertEquals(
                Reason.INVALID_REQUEST,
                refused(() -> writes.remove("../x.jar", Duration.ZERO)).reason());

        Files.write(folder.resolve("greeter.jar"), jar("greeter", "1.0.0"));
        installedAt.set(5);
        assertFalse("the bundle is still installed", writes.remove("greeter.jar", Duration.ofMillis(100)));
        assertFalse(Files.exists(folder.resolve("greeter.jar")));
        Files.write(folder.resolve("greeter.jar"), jar("greeter", "1.0.0"));
        installedAt.set(-1);
        assertTrue(writes.remove("greeter.jar", Duration.ofSeconds(1)));
        assertNull(new SettledDeployment(() -> entries, f -> -1, System::currentTimeMillis).entry("other.jar"));
    }

    private interface Call {
        Object run() throws IOException;
    }

    private static DeploymentException refused(Call call) {
        try {
            call.run();
            fail("expected a DeploymentException");
            return null;
        } catch (DeploymentException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private byte[] jar(String symbolicName, String version) throws IOException {
        Path file = temp.newFile().toPath();
        DeploymentClassifierTest.jar(file, symbolicName, version);
        return Files.readAllBytes(file);
    }

    private DeployFolderWrites writes(long maxBytes) {
        DeploymentInventory inventory = new DeploymentInventory() {
            @Override
            public Path deployFolder() {
                return folder;
            }

            @Override
            public List<Deployment> deployments() {
                return List.copyOf(entries);
            }
        };
        return new DeployFolderWrites(context(), inventory, new UploadConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return UploadConfiguration.class;
            }

            @Override
            public long max_file_bytes() {
                return maxBytes;
            }
        });
    }

    private BundleContext context() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getLocation" -> folder.resolve("greeter.jar").toUri().toString();
                    case "getLastModified" -> installedAt.get();
                    case "getState" -> Bundle.ACTIVE;
                    case "hashCode" -> 0;
                    case "equals" -> self == args[0];
                    default -> null;
                });
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getBundles" -> installedAt.get() < 0 ? new Bundle[0] : new Bundle[] {bundle};
                    case "hashCode" -> 0;
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }
}
