package dev.switchboard.itests.greeter;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/**
 * Version 2 of the greeter: the manifest is a JSON resource read with Jackson. Adds {@code farewell}. Fails (500) for
 * the salutation {@value #FAILING_SALUTATION}, so that a test can make this version start failing.
 */
@Component
public final class GreeterConnector implements ServiceOperationsProvider {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Version 2 answers 500 to calls with this salutation (version 1 greets with it). */
    static final String FAILING_SALUTATION = "FAIL-V2";

    private final ServiceOperationApi service;
    private final List<ServiceOperation> operations;

    public GreeterConnector() throws IOException {
        try (InputStream in = GreeterConnector.class.getResourceAsStream("manifest.json")) {
            JsonNode manifest = MAPPER.readTree(in);
            service = MAPPER.treeToValue(manifest.get("service"), ServiceOperationApi.class);
            operations = List.of(MAPPER.treeToValue(manifest.get("operations"), ServiceOperation[].class));
        }
    }

    @Override
    public ServiceOperationApi getService() {
        return service;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return expandManifest
                ? operations
                : operations.stream().map(ServiceOperation::withoutManifest).toList();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        String name = request.parameters().path("name").asText();
        if (FAILING_SALUTATION.equals(connectionParameters.getString("salutation"))) {
            // a canary that fails where version 1 does not: for the traffic guard's end-to-end test
            throw new ServiceOperationException(500, "CanaryFailure", "greeter 2 fails for this salutation");
        }
        String message = switch (operationId) {
            case "greet" -> connectionParameters.getRequired("salutation") + ", " + name + "!";
            case "farewell" -> "Goodbye, " + name + ".";
            default -> throw new ServiceOperationException(404, "OperationNotFound", "no operation " + operationId);
        };
        if (request.parameters().path("shout").asBoolean()) {
            message = message.toUpperCase(Locale.ROOT);
        }
        return CompletableFuture.completedFuture(ServiceOperationResponse.ok(
                MAPPER.createObjectNode().put("message", message).put("version", "2")));
    }
}
