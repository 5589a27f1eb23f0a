package dev.switchboard.shell.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentControl;
import dev.switchboard.host.api.DeploymentInventory;
import dev.switchboard.host.api.ErrorBody;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.host.api.OperationInvoker;
import dev.switchboard.host.api.Rollback;
import dev.switchboard.host.api.RollbackException;

/**
 * Gogo commands in scope {@code connector}, for the launcher's {@code --shell} and the console's Gogo page. They read
 * and call the host's service API only. Each returns its text for the shell to print; a failure reads like the REST
 * API's error ({@code error <status> <code>: <message>} and one line per detail).
 * <p>
 * In Gogo, quote JSON arguments with single quotes ({@code '{"name":"Ada"}'}): braces alone are a closure.
 */
@Component(
        service = ConnectorCommands.class,
        property = {
            "osgi.command.scope=connector",
            "osgi.command.function=list",
            "osgi.command.function=info",
            "osgi.command.function=operations",
            "osgi.command.function=invoke",
            "osgi.command.function=deployments",
            "osgi.command.function=rollback",
            "osgi.command.function=connections"
        })
public final class ConnectorCommands {

    /** The invoker completes within its own configured timeout; this only keeps the shell from hanging for ever. */
    private static final long GUARD_SECONDS = 300;

    private final ConnectorCatalog catalog;
    private final OperationInvoker invoker;
    private final DeploymentInventory inventory;
    private final DeploymentControl control;
    private final ConnectionStore connections;
    private final AuditLog audit;
    private final ObjectMapper mapper;

    @Activate
    public ConnectorCommands(
            @Reference ConnectorCatalog catalog,
            @Reference OperationInvoker invoker,
            @Reference DeploymentInventory inventory,
            @Reference DeploymentControl control,
            @Reference ConnectionStore connections,
            @Reference AuditLog audit,
            @Reference JsonViews views) {
        this.catalog = catalog;
        this.invoker = invoker;
        this.inventory = inventory;
        this.control = control;
        this.connections = connections;
        this.audit = audit;
        this.mapper = views.mapper();
    }

    /** connector:list — every registered connector version. */
    public String list() {
        return CatalogText.list(catalog.snapshot());
    }

    /** connector:info &lt;id&gt; — the highest version's metadata and connection parameters. */
    public String info(String id) {
        return info(id, null);
    }

    /** connector:info &lt;id&gt; &lt;version&gt; — metadata and connection parameters (never values). */
    public String info(String id, String version) {
        CatalogSnapshot snapshot = catalog.snapshot();
        ConnectorEntry entry;
        try {
            entry = CatalogText.select(snapshot, id, version);
        } catch (InvocationException e) {
            return error(e);
        }
        return CatalogText.info(snapshot, id, entry);
    }

    /** connector:operations &lt;id&gt; — the highest ACTIVE version's operations. */
    public String operations(String id) {
        return operations(id, null);
    }

    /** connector:operations &lt;id&gt; &lt;version&gt; — operations with their required inputs. */
    public String operations(String id, String version) {
        ConnectorEntry entry;
        try {
            entry = CatalogText.select(catalog.snapshot(), id, version);
        } catch (InvocationException e) {
            return error(e);
        }
        return CatalogText.operations(id, entry);
    }

    /** connector:invoke &lt;id&gt; &lt;operation&gt; &lt;parameters-json&gt; — without connection values. */
    public String invoke(String id, String operation, String parametersJson) {
        return invoke(id, operation, parametersJson, null);
    }

    /**
     * connector:invoke &lt;id&gt; &lt;operation&gt; &lt;parameters-json&gt; &lt;connection&gt; — the connection as an
     * inline JSON object, or the name of a stored connection (see {@code connector:connections}).
     */
    public String invoke(String id, String operation, String parametersJson, String connection) {
        JsonNode parameters;
        ConnectionParameters connectionParameters;
        try {
            parameters = parametersJson == null || parametersJson.isBlank()
                    ? mapper.createObjectNode()
                    : mapper.readTree(parametersJson);
            connectionParameters = connection(id, connection);
        } catch (InvocationException e) {
            return error(e);
        } catch (JsonProcessingException e) {
            return error(new InvocationException(
                    Failure.Reason.INVALID_REQUEST,
                    "InvalidJson",
                    "The parameters are not valid JSON: " + e.getOriginalMessage()));
        }
        Invocation invocation =
                new Invocation(id, null, operation, connectionParameters, ServiceOperationRequest.of(parameters));
        try {
            ServiceOperationResponse response =
                    invoker.invoke(invocation).toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS);
            StringBuilder out =
                    new StringBuilder("status ").append(response.statusCode()).append('\n');
            response.headers()
                    .forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
            out.append(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(response.body()));
            return out.toString();
        } catch (ExecutionException e) {
            Failure failure = Failures.of(e);
            return error(
                    failure != null
                            ? failure
                            : new InvocationException(
                                    Failure.Reason.INTERNAL, "InternalError", "The invocation failed unexpectedly"));
        } catch (InvocationException e) {
            return error(e);
        } catch (TimeoutException e) {
            return error(new InvocationException(
                    Failure.Reason.TIMED_OUT, "Timeout", "No answer within " + GUARD_SECONDS + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(new InvocationException(Failure.Reason.UNAVAILABLE, "Interrupted", "Interrupted"));
        } catch (JsonProcessingException e) {
            return error(new InvocationException(
                    Failure.Reason.INTERNAL, "InternalError", "The answer could not be printed"));
        }
    }

    /** connector:deployments — every deploy-folder file and what became of it. */
    public String deployments() {
        List<Deployment> deployments = inventory.deployments();
        TextTable table = new TextTable("FILE", "STATE", "BUNDLE", "CONNECTORS", "REASON");
        for (Deployment d : deployments) {
            table.row(
                    d.file(),
                    d.state(),
                    d.bundle() == null
                            ? ""
                            : d.bundle().symbolicName() + " [" + d.bundle().id() + "]",
                    String.join(", ", d.connectors()),
                    d.reason());
        }
        return table.toString() + deployments.size() + " file(s) in " + inventory.deployFolder();
    }

    /**
     * connector:rollback &lt;id&gt; — puts back the previous content of the connector's deploy-folder file and waits
     * until that version is ACTIVE. Audited as {@code deployment.rollback} by {@code shell}.
     */
    public String rollback(String id) {
        Rollback rollback;
        try {
            rollback = control.rollback(id);
        } catch (RollbackException e) {
            audit(
                    "deployment.rollback",
                    id,
                    "failure",
                    Map.of("reason", e.reason().code()));
            // the same status and code as POST /api/connectors/{id}/rollback: both come from Failures
            return error(Failures.of(e));
        } catch (RuntimeException e) {
            audit(
                    "deployment.rollback",
                    id,
                    "failure",
                    Map.of("reason", e.getClass().getSimpleName()));
            throw e;
        }
        audit("deployment.rollback", id, "success", rollback.auditDetails());
        return "rolled back " + rollback.id() + " " + rollback.previousVersion() + " -> " + rollback.version() + " ("
                + rollback.file() + "); ACTIVE now: " + rollback.version();
    }

    /** connector:connections — every named connection, secrets masked. */
    public String connections() {
        List<NamedConnection> all = connections.list();
        TextTable table = new TextTable("NAME", "CONNECTOR", "PARAMETERS", "FILE", "PROBLEM");
        for (NamedConnection c : all) {
            StringBuilder values = new StringBuilder();
            c.parameters()
                    .forEach((k, v) -> values.append(values.length() == 0 ? "" : ", ")
                            .append(k)
                            .append('=')
                            .append(v));
            table.row(c.name(), c.connector(), values, c.file(), c.problem());
        }
        return table.toString() + all.size() + " connection(s)";
    }

    /** Who ran a command is not known to Gogo: every shell (terminal, console page) is recorded as {@code shell}. */
    private void audit(String action, String target, String outcome, Map<String, String> details) {
        audit.record(new AuditEntry(Instant.now(), "shell", action, target, null, outcome, details));
    }

    /** An inline JSON object, or the name of a stored connection for connector {@code id}. */
    private ConnectionParameters connection(String id, String connection) throws JsonProcessingException {
        if (connection == null || connection.isBlank()) {
            return ConnectionParameters.empty();
        }
        if (!connection.trim().startsWith("{")) {
            return connections.resolve(connection.trim(), id);
        }
        JsonNode node = mapper.readTree(connection);
        if (!(node instanceof ObjectNode object)) {
            throw new InvocationException(
                    Failure.Reason.INVALID_REQUEST, "InvalidJson", "The connection must be a JSON object");
        }
        return ConnectionParameters.of(object);
    }

    /** {@code error <status> <code>: <message>}, one line per detail: the status and body the API answers with. */
    static String error(Failure failure) {
        ErrorBody.Content body = Failures.body(failure).error();
        StringBuilder out = new StringBuilder("error ")
                .append(Failures.status(failure))
                .append(' ')
                .append(body.code())
                .append(": ")
                .append(body.message());
        for (ErrorDetail d : body.details()) {
            out.append("\n  ").append(d.target()).append(": ").append(d.message());
        }
        return out.toString();
    }
}
