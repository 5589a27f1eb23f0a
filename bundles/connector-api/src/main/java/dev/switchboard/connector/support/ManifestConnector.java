package dev.switchboard.connector.support;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ConnectorManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.ServiceOperationsProvider;

/**
 * A {@link ServiceOperationsProvider} whose service and operations come from a {@link ConnectorManifest} (usually
 * {@code ConnectorManifest.read(MyConnector.class, "manifest.json")}). Subclasses write only {@link #invoke}; an
 * exception it throws becomes the failed stage the host expects, so the host maps a
 * {@link ServiceOperationException}'s status and code as it would from an asynchronous connector.
 * <p>
 * The DS annotations stay on the subclass ({@code @Component(service = ServiceOperationsProvider.class)}).
 */
public abstract class ManifestConnector implements ServiceOperationsProvider {

    private final ConnectorManifest manifest;

    /**
     * A connector described by {@code manifest}.
     *
     * @param manifest the service and its operations
     */
    protected ManifestConnector(ConnectorManifest manifest) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    @Override
    public final ServiceOperationApi getService() {
        return manifest.service();
    }

    @Override
    public final List<ServiceOperation> getOperations(boolean expandManifest) {
        return manifest.operations(expandManifest);
    }

    /** Calls {@link #invoke}; what it throws becomes a failed stage. */
    @Override
    public final CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request) {
        try {
            return invoke(operationId, connectionParameters, request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs one operation.
     *
     * @param operationId the operation's name
     * @param connectionParameters the connection's parameters (checked by the host against the manifest)
     * @param request the inputs (checked by the host against the operation's schema)
     * @return the outputs, when they are ready ({@link #completed} for a synchronous connector)
     * @throws ServiceOperationException for a failure with its own status and code ({@link #operationNotFound},
     *         say); any other runtime exception is a failure of the connector (HTTP 500)
     */
    protected abstract CompletionStage<ServiceOperationResponse> invoke(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request);

    /** An operation's outputs, ready now, as {@link #invoke} returns them. */
    protected static CompletionStage<ServiceOperationResponse> completed(JsonNode outputs) {
        return CompletableFuture.completedFuture(ServiceOperationResponse.ok(outputs));
    }

    /** The failure for an operation this connector does not have: 404 {@code OperationNotFound}. */
    protected final ServiceOperationException operationNotFound(String operationId) {
        return new ServiceOperationException(
                404,
                "OperationNotFound",
                "The " + manifest.service().name() + " connector has no operation '" + operationId + "'.");
    }
}
