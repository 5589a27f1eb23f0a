package dev.switchboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;

public class ConnectorCommandsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("greeter").displayName("Greeter")
            .connectionParameter("salutation", ConnectionParameter.string("Salutation").required())
            .connectionParameter("apiKey", ConnectionParameter.secureString("API key")).build();
    private static final ServiceOperation GREET = ServiceOperation.builder(SERVICE, "greet").summary("Greet someone")
            .inputs(json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"times\":{}},"
                    + "\"required\":[\"name\"]}")).build();
    private static final BundleInfo BUNDLE = new BundleInfo(12, "dev.greeter", "1.0.0", "file:/d/greeter.jar");
    private static final CatalogSnapshot SNAPSHOT = new CatalogSnapshot(7, List.of(
            new ConnectorEntry("greeter", "1.0.0", ConnectorState.ACTIVE, null, SERVICE, List.of(GREET), BUNDLE)));
    private static final DeploymentInventory INVENTORY = new DeploymentInventory() {
        @Override
        public Path deployFolder() {
            return Path.of("/d");
        }

        @Override
        public List<Deployment> deployments() {
            return List.of(new Deployment("greeter.jar", DeploymentState.ACTIVE, BUNDLE, List.of("greeter@1.0.0"),
                    null));
        }
    };

    @Test
    public void listInfoOperationsAndDeploymentsAreTables() {
        ConnectorCommands commands = new ConnectorCommands(() -> SNAPSHOT, i -> null, INVENTORY);
        String list = commands.list();
        assertTrue(list, list.startsWith("ID       VERSION  STATE   OPS  CAPABILITIES  BUNDLE"));
        assertTrue(list, list.contains("greeter  1.0.0    ACTIVE  1    actions       dev.greeter [12]"));
        String info = commands.info("greeter");
        assertTrue(info, info.contains("apiKey                securestring (secure)            API key"));
        assertTrue(info, info.contains("salutation            string                 yes       Salutation"));
        assertTrue(commands.operations("greeter", "1.0").contains("greet      action  Greet someone  name*, times"));
        assertTrue(commands.deployments().contains("greeter.jar  ACTIVE  dev.greeter [12]  greeter@1.0.0"));
        assertEquals("error 404 ConnectorNotFound: No connector 'nobody' is registered", commands.info("nobody"));
        assertEquals("error 404 VersionNotFound: Connector 'greeter' has no version matching 2.0",
                commands.operations("greeter", "2.0"));
        assertTrue(commands.rollback("greeter").startsWith("error 501 NotAvailable"));
    }

    @Test
    public void invokePrintsTheAnswerOrTheApiError() {
        ConnectorCommands ok = new ConnectorCommands(() -> SNAPSHOT, i -> CompletableFuture.completedFuture(
                ServiceOperationResponse.ok(json("{\"message\":\"Hello, " + i.request().parameters().path("name")
                        .asText() + "! " + i.connection().getString("salutation") + "\"}"))), INVENTORY);
        assertEquals("status 200\n{\n  \"message\" : \"Hello, Ada! Hi\"\n}",
                ok.invoke("greeter", "greet", "{\"name\":\"Ada\"}", "{\"salutation\":\"Hi\"}"));

        ConnectorCommands failing = new ConnectorCommands(() -> SNAPSHOT, i -> CompletableFuture.failedFuture(
                new InvocationException(400, "InvalidInput", "The inputs are invalid",
                        List.of(new ErrorDetail("/name", "required property missing")), null)), INVENTORY);
        assertEquals("error 400 InvalidInput: The inputs are invalid\n  /name: required property missing",
                failing.invoke("greeter", "greet", "{}"));
        assertTrue(failing.invoke("greeter", "greet", "{nope").startsWith("error 400 InvalidJson"));
        assertTrue(failing.invoke("greeter", "greet", "{}", "prod").startsWith("error 501 NotAvailable"));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
