package dev.switchboard.connector.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.switchboard.connector.testkit.ConnectorHarness;
import dev.switchboard.connector.testkit.ManifestAssertions;

/** The http connector through the connector test kit: what the host's catalog and dispatcher would do with it. */
class HttpConnectorKitTest {

    private final HttpConnector connector = new HttpConnector(new SendRequestAction.Limits(1024, 5, 10, 2, 4));

    @Test
    void theHostAcceptsTheManifest() {
        assertEquals("http", ManifestAssertions.assertAccepted(connector).id());
    }

    @Test
    void aRequestWithoutItsRequiredInputsIsRefusedBeforeTheConnectorRuns() {
        ConnectorHarness.of(connector).invoke("sendRequest", Map.of(), "{}").assertFailure(400, "InvalidInput");
    }
}
