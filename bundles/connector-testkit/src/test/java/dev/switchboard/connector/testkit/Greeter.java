package dev.switchboard.connector.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** A small connector for the kit's own tests; subclasses break it the ways authors do. */
class Greeter implements ServiceOperationsProvider {

    static final ServiceOperationApi SERVICE = ServiceOperationApi.builder("greeter")
            .connectionParameter(
                    "salutation", ConnectionParameter.string("Salutation").required())
            .build();

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    List<ServiceOperation> operations() {
        return List.of(
                ServiceOperation.builder(SERVICE, "greet")
                        .inputs(json("{'type':'object','properties':{'name':{'type':'string'}},'required':['name']}"))
                        .build(),
                ServiceOperation.builder(SERVICE, "fail").build(),
                ServiceOperation.builder(SERVICE, "crash").build());
    }

    @Override
    public ServiceOperationApi getService() {
        return SERVICE;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return operations();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connection, ServiceOperationRequest request) {
        return switch (operationId) {
            case "greet" ->
                CompletableFuture.completedFuture(ServiceOperationResponse.ok(JsonNodeFactory.instance
                        .objectNode()
                        .put(
                                "message",
                                connection.getRequired("salutation") + ", "
                                        + request.parameters().path("name").asText() + "!")));
            case "fail" -> CompletableFuture.failedFuture(new ServiceOperationException(409, "Busy", "try later"));
            default -> throw new IllegalStateException("boom");
        };
    }
}
