package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.connector.testkit.ConnectorHarness;
import dev.switchboard.connector.testkit.ManifestAssertions;
import dev.switchboard.connector.testkit.TestPollScheduler;

/** The connector as the host sees it, before any deploy: its manifest checks and its calls. */
class ConnectorProviderTest {

    private final TestPollScheduler scheduler = new TestPollScheduler("${connectorId}-test", 1);
    private final ConnectorProvider connector = new ConnectorProvider(scheduler);

    @AfterEach
    void deactivate() {
        connector.deactivate();
        scheduler.close();
    }

    @Test
    void theHostAcceptsTheManifest() {
        assertEquals("${connectorId}", ManifestAssertions.assertAccepted(connector).id());
    }

    @Test
    void helloGreetsWithTheConnectionsGreeting() {
        ConnectorHarness harness = ConnectorHarness.of(connector);
        assertEquals("Hello, Ada!", harness.invoke("hello", Map.of("greeting", "Hello"), "{\"name\":\"Ada\"}")
                .assertSuccess().path("message").asText());
    }

    @Test
    void inputsOutsideTheSchemaAreRefusedBeforeTheConnectorRuns() {
        ConnectorHarness.of(connector).invoke("hello", Map.of("greeting", "Hello"), "{}")
                .assertFailure(400, "InvalidInput");
    }

    @Test
    void aMissingGreetingIsRefusedBeforeTheConnectorRuns() {
        ConnectorHarness.of(connector).invoke("hello", Map.of(), "{\"name\":\"Ada\"}")
                .assertFailure(400, "MissingConnectionParameter");
    }
}
