package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.internal.testing.RecordedAudit;

public class DeploymentArchiveTest {

    private static final String BSN = "com.example.greeter";

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path home;
    private Path deploy;
    private Path file;
    private DeploymentArchive archive;
    private final RecordedAudit audit = new RecordedAudit();

    @Before
    public void setUp() throws Exception {
        home = temp.newFolder("home").toPath();
        deploy = Files.createDirectories(home.resolve("deploy"));
        file = deploy.resolve("greeter.jar");
        // the catalog follows the file, as FileInstall and the aggregator would
        archive = new DeploymentArchive(
                context(Map.of(
                        DeploymentScanner.DEPLOY_FOLDER_PROPERTY,
                        deploy.toString(),
                        DeploymentArchive.HOME_PROPERTY,
                        home.toString())),
                this::catalogFromFile,
                audit,
                config(5, 2000));
    }

    @After
    public void tearDown() {
        archive.deactivate();
    }

    private CatalogSnapshot catalogFromFile() {
        if (!Files.isRegularFile(file)) {
            return new CatalogSnapshot(1, List.of());
        }
        ArchiveInspection content = new BundleArchiveInspector().inspect(file);
        BundleInfo bundle = new BundleInfo(
                5, BSN, content.version(), file.toUri().normalize().toString());
        return new CatalogSnapshot(
                1,
                List.of(new ConnectorEntry(
                        "greeter", content.version(), ConnectorState.ACTIVE, null, null, List.of(), bundle)));
    }

    private void deployAndArchive(String version) throws Exception {
        DeploymentClassifierTest.jar(file, BSN, version);
        archive.keep(file, BSN, Version.parseVersion(version));
    }

    @Test
    public void rollbackPutsThePreviousContentBackAndWalksBackOneStepEachTime() throws Exception {
        deployAndArchive("1.0.0");
        byte[] v1 = Files.readAllBytes(file);
        deployAndArchive("2.0.0");
        deployAndArchive("3.0.0");

        Rollback rollback = archive.rollback("greeter");
        assertEquals(new Rollback("greeter", "2.0.0", "3.0.0", "greeter.jar"), rollback);
        assertEquals(new Rollback("greeter", "1.0.0", "2.0.0", "greeter.jar"), archive.rollback("greeter"));
        assertTrue(java.util.Arrays.equals(v1, Files.readAllBytes(file)));
        assertTrue(
                "nothing is left beside the deploy folder",
                Files.list(home)
                        .allMatch(p -> p.getFileName().toString().equals("deploy")
                                || p.getFileName().toString().equals("data")));

        RollbackException nothing = rollbackFails("greeter", RollbackException.Reason.NOTHING_TO_ROLL_BACK);
        assertTrue(nothing.getMessage(), nothing.getMessage().contains("Nothing to roll back to"));
        assertTrue(nothing.getMessage(), nothing.getMessage().contains("greeter.jar"));
    }

    @Test
    public void eachRollbackIsAuditedByTheHostWithItsOutcome() throws Exception {
        deployAndArchive("1.0.0");
        deployAndArchive("2.0.0");
        archive.rollback("greeter");
        rollbackFails("greeter", RollbackException.Reason.NOTHING_TO_ROLL_BACK);

        List<AuditEntry> entries = audit.entries();
        assertEquals(entries.toString(), 2, entries.size());
        AuditEntry done = entries.get(0);
        assertEquals("host", done.who());
        assertEquals("deployment.rollback", done.action());
        assertEquals("greeter", done.target());
        assertEquals("success", done.outcome());
        assertEquals(Map.of("version", "1.0.0", "previousVersion", "2.0.0", "file", "greeter.jar"), done.details());
        AuditEntry refused = entries.get(1);
        assertEquals("failure", refused.outcome());
        assertEquals(Map.of("reason", "NothingToRollBack"), refused.details());
    }

    @Test
    public void aFileThatNoLongerHoldsTheBundleOfTheEventIsNotArchived() throws Exception {
        DeploymentClassifierTest.jar(file, BSN, "2.0.0");
        archive.keep(file, BSN, Version.parseVersion("1.0.0"));
        assertTrue(Files.notExists(home.resolve("data/archive/greeter.jar"))
                || Files.list(home.resolve("data/archive/greeter.jar"))
                        .findAny()
                        .isEmpty());
    }

    @Test
    public void unknownConnector() {
        rollbackFails("nobody", RollbackException.Reason.UNKNOWN_CONNECTOR);
    }

    private RollbackException rollbackFails(String id, RollbackException.Reason reason) {
        try {
            archive.rollback(id);
            fail("expected " + reason);
            return null;
        } catch (RollbackException e) {
            assertEquals(e.getMessage(), reason, e.reason());
            return e;
        }
    }

    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "getBundles" -> new Bundle[0];
                    case "hashCode" -> 0;
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }

    static ArchiveConfiguration config(int keep, long timeoutMs) {
        return new ArchiveConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ArchiveConfiguration.class;
            }

            @Override
            public int archive_keep() {
                return keep;
            }

            @Override
            public long rollback_timeout_ms() {
                return timeoutMs;
            }
        };
    }
}
