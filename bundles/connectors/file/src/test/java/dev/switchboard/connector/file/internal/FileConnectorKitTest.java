package dev.switchboard.connector.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.connector.testkit.ConnectorHarness;
import dev.switchboard.connector.testkit.InvokeResult;
import dev.switchboard.connector.testkit.ManifestAssertions;
import dev.switchboard.connector.testkit.TestPollScheduler;

/** The file connector through the connector test kit: what the host's catalog and dispatcher would do with it. */
class FileConnectorKitTest {

    /** Never polls here: these tests run no trigger. */
    private static final TestPollScheduler ACTIONS_ONLY = new TestPollScheduler("file-test", 1);

    private final FileConnector connector = new FileConnector(new Limits(1024, 1024, 100, 2), ACTIONS_ONLY);

    @Test
    void theHostAcceptsTheManifestTriggersIncluded() {
        assertEquals("file", ManifestAssertions.assertAccepted(connector).id());
    }

    @Test
    void inputsOutsideTheSchemaAreRefusedBeforeTheConnectorRuns() {
        InvokeResult result = ConnectorHarness.of(connector)
                .invoke("readFile", Map.of(), "{}")
                .assertFailure(400, "InvalidInput");
        assertEquals(
                "The inputs of Operation readFile of connector file do not match its inputs schema", result.message());
    }
}
