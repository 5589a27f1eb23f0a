package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;

/** A connector with one trigger operation and no actions, run by a binding of this bundle. */
abstract class BuiltInConnector implements ServiceOperationsProvider, ServiceOperationsTriggerProvider {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServiceOperationApi api;
    private final List<ServiceOperation> operations;

    BuiltInConnector(
            String id,
            String displayName,
            String description,
            String operation,
            String summary,
            String inputsSchema,
            String outputsSchema) {
        this.api = ServiceOperationApi.builder(id)
                .displayName(displayName)
                .description(description)
                .capabilities(ServiceOperationApi.CAPABILITY_TRIGGERS)
                .build();
        this.operations = List.of(ServiceOperation.builder(api, operation)
                .summary(summary)
                .description(summary)
                .trigger(ServiceOperation.TRIGGER_BATCH)
                .inputs(json(inputsSchema))
                .outputs(json(outputsSchema))
                .build());
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ServiceOperationApi getService() {
        return api;
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
        return CompletableFuture.failedFuture(new ServiceOperationException(
                400,
                "NotAnAction",
                "Connector " + api.name() + " has triggers only: subscribe to them with POST /api/subscriptions."));
    }
}
