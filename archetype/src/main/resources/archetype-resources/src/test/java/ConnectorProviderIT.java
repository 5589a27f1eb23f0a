package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.connector.testkit.SwitchboardHost;
import dev.switchboard.connector.testkit.SwitchboardHostExtension;

/**
 * The built bundle (target/*.jar, named by failsafe's switchboard.testkit.bundle) in a real Switchboard host.
 * Runs when -Dswitchboard.distribution=<folder with switchboard.jar> or SWITCHBOARD_DISTRIBUTION names one
 * (launcher/target/switchboard in a Switchboard build); skipped otherwise.
 */
@EnabledIf(value = "distributionConfigured",
        disabledReason = "no Switchboard distribution: run with -Dswitchboard.distribution=<folder with switchboard.jar>"
                + " (or SWITCHBOARD_DISTRIBUTION) to test the bundle in a real host")
class ConnectorProviderIT {

    @RegisterExtension
    static final SwitchboardHostExtension HOST = SwitchboardHostExtension.deployingConfigured();

    static boolean distributionConfigured() {
        String configured = System.getProperty(SwitchboardHost.DISTRIBUTION_PROPERTY,
                System.getenv(SwitchboardHost.DISTRIBUTION_ENV));
        boolean found = configured != null && !configured.isBlank();
        if (!found) {
            System.out.println("ConnectorProviderIT skipped: no Switchboard distribution. Run with"
                    + " -Dswitchboard.distribution=<folder with switchboard.jar> (or SWITCHBOARD_DISTRIBUTION)"
                    + " to test the bundle in a real host.");
        }
        return found;
    }

    @Test
    void helloAnswersInTheHost(SwitchboardHost host) {
        HttpResponse<String> response = host.invoke("${connectorId}", "hello", "{\"greeting\":\"Hello\"}",
                "{\"name\":\"Ada\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("Hello, Ada!", SwitchboardHost.json(response).path("body").path("message").asText());
    }

    @Test
    void theHostValidatesInputsAgainstTheManifest(SwitchboardHost host) {
        assertEquals(400, host.invoke("${connectorId}", "hello", "{\"greeting\":\"Hello\"}", "{}").statusCode());
    }
}
