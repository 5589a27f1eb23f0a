package dev.switchboard.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import dev.switchboard.connector.testkit.ManifestAssertions;
import dev.switchboard.connector.testkit.SwitchboardHost;

/**
 * The connector test kit's real host ({@link SwitchboardHost}, what {@code SwitchboardHostExtension} runs) against
 * this build's launcher distribution: boot time, deploy and invoke, and the forgotten {@code @Component} refused
 * before deploy by the kit and named after deploy by the host, in the same words.
 */
public class ConnectorTestkitE2EIT {

    private static SwitchboardHost host;

    @BeforeClass
    public static void boot() throws Exception {
        host = SwitchboardHost.start(
                Paths.get(System.getProperty("itest.distribution", "../launcher/target/switchboard")));
        System.out.println("connector test kit: host ready in " + host.bootMillis() + " ms");
    }

    @AfterClass
    public static void shutDown() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    public void bootsWithinTheTarget() {
        // the target is 3 s on this machine kind; the assertion leaves room for a loaded CI machine
        assertTrue("boot took " + host.bootMillis() + " ms", host.bootMillis() < 15_000);
    }

    @Test
    public void aDeployedConnectorServesAndAnswers() throws Exception {
        Path jar = SwitchboardOptions.connector("greeter-v1");
        ManifestAssertions.assertConnectorBundle(jar);
        JsonNode deployment = host.deployConnector(jar);
        assertEquals("ACTIVE", deployment.path("state").asText());
        HttpResponse<String> answer =
                host.invoke("greeter", "greet", "{\"salutation\":\"Hello\"}", "{\"name\":\"Ada\"}");
        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains("Ada"));
    }

    @Test
    public void aForgottenComponentIsRefusedBeforeDeployAndNamedAfterDeployInTheSameWords() throws Exception {
        Path jar = SwitchboardOptions.connector("no-component");
        AssertionError before = assertThrows(AssertionError.class, () -> ManifestAssertions.assertConnectorBundle(jar));
        assertTrue(before.getMessage(), before.getMessage().contains("is the class annotated @Component?"));

        String file = host.deploy(jar);
        AssertionError after =
                assertThrows(AssertionError.class, () -> host.awaitDeployment(file, Duration.ofSeconds(30)));
        assertTrue(after.getMessage(), after.getMessage().startsWith(file + " is NO_CONNECTOR"));
        assertTrue(after.getMessage(), after.getMessage().contains("is the class annotated @Component?"));
    }
}
