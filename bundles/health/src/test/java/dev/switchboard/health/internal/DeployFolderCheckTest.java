package dev.switchboard.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
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
    public void theSummaryNamesTheFirstFiveAndCountsTheRest() {
        String line = Waiting.summary("waiting for ", List.of("a", "b", "c", "d", "e", "f", "g"));
        assertEquals("waiting for a; b; c; d; e; and 2 more", line);
    }
}
