package dev.switchboard.connector.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.CompiledSchema;
import dev.switchboard.connector.validation.ManifestCheckResult;
import dev.switchboard.connector.validation.SchemaViolation;

/**
 * Invokes a provider the way the host's dispatcher does, without a host: the manifest is checked first (as the
 * catalog does, {@link ManifestAssertions#assertAccepted}), then each call is checked against the operation's inputs
 * schema (compiled by the host's own compiler) and the required connection parameters, then the provider runs, and
 * its answer or failure is mapped as the host maps it: a {@link ServiceOperationException} keeps its status and code,
 * anything else is a 502 {@code ConnectorError}, no answer in time a 504 {@code Timeout}.
 * <pre>{@code
 * ConnectorHarness harness = ConnectorHarness.of(new WeatherConnector());
 * InvokeResult result = harness.invoke("forecast", Map.of("apiKey", "k"), "{\"city\":\"Oslo\"}");
 * assertEquals(200, result.status());
 * harness.invoke("forecast", Map.of("apiKey", "k"), "{}").assertFailure(400, "InvalidInput");
 * }</pre>
 */
public final class ConnectorHarness {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServiceOperationsProvider provider;
    private final ManifestCheckResult manifest;
    private final Duration timeout;

    private ConnectorHarness(ServiceOperationsProvider provider, ManifestCheckResult manifest, Duration timeout) {
        this.provider = provider;
        this.manifest = manifest;
        this.timeout = timeout;
    }

    /**
     * A harness for {@code provider} with the host's default invoke timeout (30 s).
     *
     * @throws AssertionError when the host would not accept the provider's manifest
     */
    public static ConnectorHarness of(ServiceOperationsProvider provider) {
        return new ConnectorHarness(provider, ManifestAssertions.assertAccepted(provider), Duration.ofSeconds(30));
    }

    /** The same harness with another invoke timeout (the host's {@code invoke.timeout.ms}). */
    public ConnectorHarness withTimeout(Duration invokeTimeout) {
        return new ConnectorHarness(provider, manifest, invokeTimeout);
    }

    /** The connector id. */
    public String connectorId() {
        return manifest.id();
    }

    /** Invokes with inputs given as JSON text. */
    public InvokeResult invoke(String operationId, Map<String, ?> connection, String inputsJson) {
        try {
            return invoke(operationId, connection, MAPPER.readTree(inputsJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the inputs are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Invokes {@code operationId} as {@code POST .../operations/{operationId}/invoke} with this connection and these
     * parameters would.
     *
     * @param connection the connection parameters (strings, numbers, booleans), as in the request's {@code connection}
     * @param inputs     the request's {@code parameters}; {@code null} for none
     */
    public InvokeResult invoke(String operationId, Map<String, ?> connection, JsonNode inputs) {
        ServiceOperation operation = manifest.operations().stream()
                .filter(op -> op.name().equals(operationId))
                .findFirst()
                .orElse(null);
        String id = manifest.id();
        if (operation == null) {
            return failure(
                    404, "OperationNotFound", "Connector " + id + " has no operation '" + operationId + "'", List.of());
        }
        String label = "Operation " + operationId + " of connector " + id;
        if (operation.isTrigger()) {
            return failure(400, "NotAnAction", label + " is a trigger; only actions can be invoked", List.of());
        }
        ServiceOperationRequest request = ServiceOperationRequest.of(inputs);
        CompiledSchema schema = manifest.inputSchemas().get(operationId);
        if (schema != null) {
            List<SchemaViolation> problems = schema.validate(request.parameters());
            if (!problems.isEmpty()) {
                return failure(
                        400, "InvalidInput", "The inputs of " + label + " do not match its inputs schema", problems);
            }
        }
        ConnectionParameters parameters = ConnectionParameters.of(connection == null ? Map.of() : connection);
        List<SchemaViolation> missing = new ArrayList<>();
        manifest.service().properties().connectionParameters().forEach((name, declared) -> {
            if (declared != null && declared.required()) {
                String value = parameters.getString(name);
                if (value == null || value.isBlank()) {
                    missing.add(new SchemaViolation(
                            name, "The connection parameter '" + name + "' is required but was not provided."));
                }
            }
        });
        if (!missing.isEmpty()) {
            return failure(
                    400,
                    "MissingConnectionParameter",
                    "Connector " + id + " needs the connection " + "parameter(s) "
                            + String.join(
                                    ", ",
                                    missing.stream()
                                            .map(SchemaViolation::target)
                                            .toList()),
                    missing);
        }
        return call(label, operationId, parameters, request);
    }

    private InvokeResult call(
            String label, String operationId, ConnectionParameters parameters, ServiceOperationRequest request) {
        CompletionStage<ServiceOperationResponse> stage;
        try {
            stage = provider.invokeOperation(operationId, parameters, request);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            return fromConnector(e);
        }
        if (stage == null) {
            return failure(
                    502,
                    "ConnectorError",
                    label + " returned no result (invokeOperation returned null " + "instead of a CompletionStage)",
                    List.of());
        }
        ServiceOperationResponse response;
        try {
            response = stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return failure(504, "Timeout", label + " did not answer within " + timeout.toMillis() + " ms", List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + label, e);
        } catch (ExecutionException | CompletionException e) {
            return fromConnector(e);
        }
        if (response == null) {
            return failure(
                    502,
                    "ConnectorError",
                    label + " completed without a response (null " + "ServiceOperationResponse)",
                    List.of());
        }
        return new InvokeResult(response.statusCode(), null, null, response.headers(), response.body(), List.of());
    }

    private static InvokeResult fromConnector(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof ServiceOperationException operation) {
            return failure(operation.getStatusCode(), operation.getCode(), operation.getMessage(), List.of());
        }
        return failure(502, "ConnectorError", cause.getClass().getSimpleName() + ": " + cause.getMessage(), List.of());
    }

    private static InvokeResult failure(int status, String code, String message, List<SchemaViolation> details) {
        return new InvokeResult(status, code, message, Map.of(), NullNode.getInstance(), details);
    }

    /** The connection parameters the connector declares, by name. */
    public Map<String, ConnectionParameter> connectionParameters() {
        return manifest.service().properties().connectionParameters();
    }
}
