package dev.switchboard.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.DeploymentState;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;
import dev.switchboard.host.internal.views.JacksonViews;

public class ConnectorCommandsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("greeter")
            .displayName("Greeter")
            .connectionParameter(
                    "salutation", ConnectionParameter.string("Salutation").required())
            .connectionParameter("apiKey", ConnectionParameter.secureString("API key"))
            .build();
    private static final ServiceOperation GREET = ServiceOperation.builder(SERVICE, "greet")
            .summary("Greet someone")
            .inputs(json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"times\":{}},"
                    + "\"required\":[\"name\"]}"))
            .build();
    private static final BundleInfo BUNDLE = new BundleInfo(12, "dev.greeter", "1.0.0", "file:/d/greeter.jar");
    private static final CatalogSnapshot SNAPSHOT = new CatalogSnapshot(
            7,
            List.of(new ConnectorEntry(
                    "greeter", "1.0.0", ConnectorState.ACTIVE, null, SERVICE, List.of(GREET), BUNDLE)));
    private static final DeploymentInventory INVENTORY = new DeploymentInventory() {
        @Override
        public Path deployFolder() {
            return Path.of("/d");
        }

        @Override
        public List<Deployment> deployments() {
            return List.of(
                    new Deployment("greeter.jar", DeploymentState.ACTIVE, BUNDLE, List.of("greeter@1.0.0"), null));
        }
    };

    private static final DeploymentControl CONTROL = id -> {
        switch (id) {
            case "greeter":
                return new Rollback("greeter", "1.0.0", "2.0.0", "greeter.jar");
            case "other":
                throw new RollbackException(
                        RollbackException.Reason.NOTHING_TO_ROLL_BACK, "greeter.jar has no earlier content");
            default:
                throw new RollbackException(RollbackException.Reason.UNKNOWN_CONNECTOR, "No connector '" + id + "'");
        }
    };
    private static final ConnectionStore STORE = new ConnectionStore() {
        private final NamedConnection prod = new NamedConnection(
                "prod", "greeter", Map.of("salutation", "Hi", "apiKey", NamedConnection.MASK), null, null);

        @Override
        public List<NamedConnection> list() {
            return List.of(prod);
        }

        @Override
        public Optional<NamedConnection> get(String name) {
            return "prod".equals(name) ? Optional.of(prod) : Optional.empty();
        }

        @Override
        public NamedConnection put(String name, String connector, Map<String, Object> parameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String name) {
            return false;
        }

        @Override
        public ConnectionParameters resolve(String name, String connectorId) {
            if (!"prod".equals(name)) {
                throw new InvocationException(
                        404, "ConnectionNotFound", "There is no connection named '" + name + "'.");
            }
            return ConnectionParameters.of(
                    (ObjectNode) json("{\"salutation\":\"Hi from prod\",\"apiKey\":\"s3cret\"}"));
        }
    };

    /** Keeps what the commands record. */
    private static final class RecordedAudit implements AuditLog {
        final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void record(AuditEntry entry) {
            entries.add(entry);
        }

        @Override
        public List<AuditEntry> since(Instant since, int limit) {
            return List.copyOf(entries);
        }
    }

    private final RecordedAudit audit = new RecordedAudit();

    @Test
    public void aRollbackFromTheShellIsAuditedByTheShellWithItsOutcome() {
        ConnectorCommands commands =
                new ConnectorCommands(() -> SNAPSHOT, i -> null, INVENTORY, CONTROL, STORE, audit, new JacksonViews());
        commands.rollback("greeter");
        commands.rollback("other");
        assertEquals(2, audit.entries.size());
        AuditEntry done = audit.entries.get(0);
        assertEquals(
                List.of("shell", "deployment.rollback", "greeter", "success"),
                List.of(done.who(), done.action(), done.target(), done.outcome()));
        assertEquals(Map.of("version", "1.0.0", "previousVersion", "2.0.0", "file", "greeter.jar"), done.details());
        AuditEntry refused = audit.entries.get(1);
        assertEquals(
                List.of("shell", "deployment.rollback", "other", "failure"),
                List.of(refused.who(), refused.action(), refused.target(), refused.outcome()));
        assertEquals(Map.of("reason", "NothingToRollBack"), refused.details());
        assertEquals(null, refused.client());
    }

    @Test
    public void listInfoOperationsAndDeploymentsAreTables() {
        ConnectorCommands commands =
                new ConnectorCommands(() -> SNAPSHOT, i -> null, INVENTORY, CONTROL, STORE, audit, new JacksonViews());
        String list = commands.list();
        assertTrue(list, list.startsWith("ID       VERSION  STATE   OPS  CAPABILITIES  BUNDLE"));
        assertTrue(list, list.contains("greeter  1.0.0    ACTIVE  1    actions       dev.greeter [12]"));
        String info = commands.info("greeter");
        assertTrue(info, info.contains("apiKey                securestring (secure)            API key"));
        assertTrue(info, info.contains("salutation            string                 yes       Salutation"));
        assertTrue(commands.operations("greeter", "1.0").contains("greet      action  Greet someone  name*, times"));
        assertTrue(commands.deployments().contains("greeter.jar  ACTIVE  dev.greeter [12]  greeter@1.0.0"));
        assertEquals("error 404 ConnectorNotFound: No connector 'nobody' is registered", commands.info("nobody"));
        assertEquals(
                "error 404 VersionNotFound: Connector 'greeter' has no version matching 2.0",
                commands.operations("greeter", "2.0"));
        assertEquals(
                "rolled back greeter 2.0.0 -> 1.0.0 (greeter.jar); ACTIVE now: 1.0.0", commands.rollback("greeter"));
        assertEquals("error 409 NothingToRollBack: greeter.jar has no earlier content", commands.rollback("other"));
        assertEquals("error 404 ConnectorNotFound: No connector 'nobody'", commands.rollback("nobody"));
        String connections = commands.connections();
        assertTrue(connections, connections.contains("prod  greeter    apiKey=********, salutation=Hi"));
        assertFalse(connections, connections.contains("s3cret"));
    }

    @Test
    public void invokePrintsTheAnswerOrTheApiError() {
        ConnectorCommands ok = new ConnectorCommands(
                () -> SNAPSHOT,
                i -> CompletableFuture.completedFuture(ServiceOperationResponse.ok(json("{\"message\":\"Hello, "
                        + i.request().parameters().path("name").asText() + "! "
                        + i.connection().getString("salutation") + "\"}"))),
                INVENTORY,
                CONTROL,
                STORE,
                audit,
                new JacksonViews());
        assertEquals(
                "status 200\n{\n  \"message\" : \"Hello, Ada! Hi\"\n}",
                ok.invoke("greeter", "greet", "{\"name\":\"Ada\"}", "{\"salutation\":\"Hi\"}"));

        ConnectorCommands failing = new ConnectorCommands(
                () -> SNAPSHOT,
                i -> CompletableFuture.failedFuture(new InvocationException(
                        400,
                        "InvalidInput",
                        "The inputs are invalid",
                        List.of(new ErrorDetail("/name", "required property missing")),
                        null)),
                INVENTORY,
                CONTROL,
                STORE,
                audit,
                new JacksonViews());
        assertEquals(
                "error 400 InvalidInput: The inputs are invalid\n  /name: required property missing",
                failing.invoke("greeter", "greet", "{}"));
        assertTrue(failing.invoke("greeter", "greet", "{nope").startsWith("error 400 InvalidJson"));
        assertEquals(
                "error 404 ConnectionNotFound: There is no connection named 'nope'.",
                ok.invoke("greeter", "greet", "{\"name\":\"Ada\"}", "nope"));
        assertEquals(
                "status 200\n{\n  \"message\" : \"Hello, Ada! Hi from prod\"\n}",
                ok.invoke("greeter", "greet", "{\"name\":\"Ada\"}", "prod"));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
