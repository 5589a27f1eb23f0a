package dev.switchboard.webconsole.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.OperationInvoker;

/**
 * "Try it": one invocation through the host's {@link OperationInvoker}, the same path as the REST API, so the page
 * shows exactly what an API client would get. The answer never contains the connection values sent.
 */
final class TryItRunner {

    /** The invoker completes within its own configured timeout; this only keeps a request thread from hanging. */
    private static final long GUARD_SECONDS = 300;

    private final OperationInvoker invoker;
    private final ConnectionStore connections;
    private final ConsoleViews views;
    private final ObjectMapper mapper;

    TryItRunner(OperationInvoker invoker, ConnectionStore connections, ConsoleViews views, ObjectMapper mapper) {
        this.invoker = invoker;
        this.connections = connections;
        this.views = views;
        this.mapper = mapper;
    }

    /**
     * Runs {@code {connector, version?, operation, connection?, connectionName?, parameters?}}: with
     * {@code connectionName}, the named connection (resolved by the {@link ConnectionStore}) instead of the inline
     * {@code connection} values.
     *
     * @return {@code {ok:true, statusCode, headers, body}} or {@code {ok:false, error:{status, code, message,
     *         details:[{target, message}]}}}
     * @throws IllegalArgumentException when the request itself is malformed
     */
    ObjectNode run(JsonNode request) throws InterruptedException {
        String connector = text(request, "connector");
        String operation = text(request, "operation");
        if (connector == null || operation == null) {
            throw new IllegalArgumentException("connector and operation are required");
        }
        String version = text(request, "version");
        JsonNode connection = request.path("connection");
        if (!connection.isMissingNode() && !connection.isNull() && !connection.isObject()) {
            throw new IllegalArgumentException("connection must be a JSON object");
        }
        JsonNode parameters = request.has("parameters") ? request.get("parameters") : mapper.createObjectNode();
        String connectionName = text(request, "connectionName");
        try {
            // a named connection's values are resolved here, on the host, and never sent to the page
            ConnectionParameters values = connectionName != null
                    ? connections.resolve(connectionName, connector)
                    : connection.isObject()
                            ? ConnectionParameters.of((ObjectNode) connection)
                            : ConnectionParameters.empty();
            Invocation invocation =
                    new Invocation(connector, version, operation, values, ServiceOperationRequest.of(parameters));
            ServiceOperationResponse response =
                    invoker.invoke(invocation).toCompletableFuture().get(GUARD_SECONDS, TimeUnit.SECONDS);
            ObjectNode ok = mapper.createObjectNode();
            ok.put("ok", true);
            ok.put("statusCode", response.statusCode());
            ok.set("headers", mapper.valueToTree(response.headers()));
            ok.set("body", response.body());
            return ok;
        } catch (ExecutionException | CompletionException e) {
            Failure failure = Failures.of(e);
            return failure(
                    failure != null
                            ? failure
                            : new InvocationException(
                                    Failure.Reason.INTERNAL, "InternalError", "The invocation failed unexpectedly"));
        } catch (InvocationException e) {
            return failure(e);
        } catch (TimeoutException e) {
            return failure(new InvocationException(
                    Failure.Reason.TIMED_OUT, "Timeout", "No answer within " + GUARD_SECONDS + " s"));
        }
    }

    private ObjectNode failure(Failure e) {
        return views.error(e).put("ok", false);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
