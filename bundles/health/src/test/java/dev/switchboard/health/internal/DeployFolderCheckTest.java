package dev.switchboard.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.hc.api.Result;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;

public final class DeployFolderCheckTest {

    private static final Path FOLDER = Path.of("/deploy");
    private static final BundleInfo GREETER = new BundleInfo(40, "greeter", "1.0.0", "file:/deploy/greeter.jar");
    private static final BundleInfo FAULTY = new BundleInfo(41, "faulty", "1.0.0", "file:/deploy/faulty.jar");

    private static ConnectorEntry connector(String id, ConnectorState state, BundleInfo bundle) {
        return new ConnectorEntry(id, bundle.version(), state, null, null, List.of(), bundle);
    }

    @Test
    public void nothingIsSettledBeforeTheScannerMadeItsFirstScan() {
        List<String> waiting =
                DeployFolderCheck.waitingFor(false, List.of(), new CatalogSnapshot(1, List.of()), FOLDER);
        assertEquals(List.of("the deploy folder scanner's first scan"), waiting);
    }

    @Test
    public void aFileInstalledButNotStartedIsWaitedFor() {
        List<String> waiting = DeployFolderCheck.waitingFor(
                true,
                List.of(new Deployment("greeter.jar", DeploymentState.INSTALLED, GREETER, List.of(), "starting")),
                new CatalogSnapshot(1, List.of()),
                FOLDER);
        assertEquals(List.of("greeter.jar (INSTALLED)"), waiting);
    }

    @Test
    public void aLoadingConnectorIsWaitedForByFileAndId() {
        List<String> waiting = DeployFolderCheck.waitingFor(
                true,
                List.of(new Deployment("greeter.jar", DeploymentState.ACTIVE, GREETER, List.of("greeter@1.0.0"), null)),
                new CatalogSnapshot(1, List.of(connector("greeter", ConnectorState.LOADING, GREETER))),
                FOLDER);
        assertEquals(List.of("greeter.jar: connector greeter@1.0.0 (LOADING)"), waiting);
    }

    @Test
    public void aShippedConnectorStillLoadingIsWaitedForToo() {
        BundleInfo sql = new BundleInfo(20, "dev.switchboard.connector-sql", "1.0.0", "file:/dist/system/sql.jar");
        List<String> waiting = DeployFolderCheck.waitingFor(
                true,
                List.of(),
                new CatalogSnapshot(1, List.of(connector("sql", ConnectorState.LOADING, sql))),
                FOLDER);
        assertEquals(List.of("connector sql@1.0.0 (LOADING)"), waiting);
    }

    @Test
    public void activeFailedUnresolvedAndConflictingFilesAreSettled() {
        List<String> waiting = DeployFolderCheck.waitingFor(
                true,
                List.of(
                        new Deployment("greeter.jar", DeploymentState.ACTIVE, GREETER, List.of("greeter@1.0.0"), null),
                        new Deployment("faulty.jar", DeploymentState.FAILED, FAULTY, List.of("faulty@1.0.0"), "x"),
                        new Deployment("broken.jar", DeploymentState.FAILED, null, List.of(), "not a jar"),
                        new Deployment(
                                "unresolved.jar",
                                DeploymentState.UNRESOLVED,
                                new BundleInfo(42, "u", "1.0.0", "file:/deploy/unresolved.jar"),
                                List.of(),
                                "missing"),
                        new Deployment(
                                "twin.jar",
                                DeploymentState.CONFLICT,
                                new BundleInfo(43, "t", "1.0.0", "file:/deploy/twin.jar"),
                                List.of("greeter@1.0.0"),
                                "same")),
                new CatalogSnapshot(
                        1,
                        List.of(
                                connector("greeter", ConnectorState.ACTIVE, GREETER),
                                connector("faulty", ConnectorState.FAILED, FAULTY))),
                FOLDER);
        assertTrue(waiting.toString(), waiting.isEmpty());
    }

    @Test
    public void aConnectorRegisteredButNotPublishedYetKeepsTheFolderUnsettled() throws Exception {
        Path folder = Files.createTempDirectory("deploy");
        AtomicBoolean publishing = new AtomicBoolean(true);
        ConnectorCatalog catalog = new ConnectorCatalog() {
            @Override
            public CatalogSnapshot snapshot() {
                return new CatalogSnapshot(1, List.of());
            }

            @Override
            public boolean publishing() {
                return publishing.get();
            }
        };
        DeploymentInventory inventory = new DeploymentInventory() {
            @Override
            public Path deployFolder() {
                return folder;
            }

            @Override
            public List<Deployment> deployments() {
                return List.of();
            }
        };
        DeployFolderCheck check = new DeployFolderCheck(scannerActive(), inventory, catalog);

        Result waiting = check.execute();
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, waiting.getStatus());
        assertTrue(waiting.toString(), waiting.toString().contains(DeployFolderCheck.CATALOG_PUBLISHING));

        publishing.set(false);
        assertEquals(Result.Status.OK, check.execute().getStatus());
    }

    /** A framework whose only bundle is FileInstall, ACTIVE: its first scan is over. */
    private static BundleContext scannerActive() {
        Bundle scanner = (Bundle) Proxy.newProxyInstance(
                Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class}, (self, m, args) -> switch (m.getName()) {
                    case "getSymbolicName" -> DeployFolderCheck.SCANNER;
                    case "getState" -> Bundle.ACTIVE;
                    default -> null;
                });
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (self, m, args) -> m.getName().equals("getBundles") ? new Bundle[] {scanner} : null);
    }

    @Test
    public void theSummaryNamesTheFirstFiveAndCountsTheRest() {
        String line = Waiting.summary("waiting for ", List.of("a", "b", "c", "d", "e", "f", "g"));
        assertEquals("waiting for a; b; c; d; e; and 2 more", line);
    }
}
