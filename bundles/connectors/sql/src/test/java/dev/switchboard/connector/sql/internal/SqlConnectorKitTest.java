package dev.switchboard.connector.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.connector.testkit.ConnectorHarness;
import dev.switchboard.connector.testkit.ManifestAssertions;

/** The sql connector through the connector test kit: what the host's catalog and dispatcher would do with it. */
class SqlConnectorKitTest {

    private final SqlConnector connector = TestDatabase.connector(PoolSettings.DEFAULTS);

    @Test
    void theHostAcceptsTheManifestTriggersIncluded() {
        assertEquals("sql", ManifestAssertions.assertAccepted(connector).id());
    }

    @Test
    void aQueryWithoutItsConnectionStringIsRefusedBeforeTheConnectorRuns() {
        ConnectorHarness.of(connector)
                .invoke("executeQuery", Map.of(), "{\"query\":\"SELECT 1\"}")
                .assertFailure(400, "MissingConnectionParameter");
    }
}
