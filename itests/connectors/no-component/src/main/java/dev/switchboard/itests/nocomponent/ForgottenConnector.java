package dev.switchboard.itests.nocomponent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/** A connector whose author forgot {@code @Component}: no Service-Component header, nothing is registered. */
public final class ForgottenConnector implements ServiceOperationsProvider {

    private static final ServiceOperationApi SERVICE =
            ServiceOperationApi.builder("forgotten").build();

    @Override
    public ServiceOperationApi getService() {
        return SERVICE;
    }

    @Override
    public List<ServiceOperation> getOperations(boolean expandManifest) {
        return List.of();
    }

    @Override
    public CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException());
    }
}
