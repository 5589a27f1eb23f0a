package dev.switchboard.itests.faulty;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** Shared declarations of the misbehaving providers: each one gets one thing wrong. */
final class Declarations {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNode OBJECT_SCHEMA = JsonNodeFactory.instance.objectNode().put("type", "object");

    private Declarations() {}

    static ServiceOperationApi service(String name) {
        return ServiceOperationApi.builder(name)
                .description("A test connector that misbehaves: " + name)
                .build();
    }

    static ServiceOperation action(ServiceOperationApi service, String name) {
        return ServiceOperation.builder(service, name)
                .summary(name)
                .inputs(OBJECT_SCHEMA)
                .outputs(OBJECT_SCHEMA)
                .build();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider whose metadata is fine; subclasses override the part they get wrong. */
    abstract static class WellDescribed implements ServiceOperationsProvider {
        private final ServiceOperationApi service;

        WellDescribed(String name) {
            this.service = service(name);
        }

        @Override
        public ServiceOperationApi getService() {
            return service;
        }

        @Override
        public List<ServiceOperation> getOperations(boolean expandManifest) {
            return List.of(action(service, "ping"));
        }

        @Override
        public CompletionStage<ServiceOperationResponse> invokeOperation(
                String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
            return CompletableFuture.completedFuture(
                    ServiceOperationResponse.ok(MAPPER.createObjectNode().put("pong", service.name())));
        }
    }
}
