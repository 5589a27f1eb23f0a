package dev.switchboard.connector.api;

import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A connector: registered as an OSGi service by a connector bundle, one per connector id.
 * <p>
 * The host calls {@link #getService()} and {@link #getOperations(boolean)} once when the service is registered
 * (never per request), so they should be cheap and must not block for long; a provider that throws, returns
 * {@code null}, hangs or describes an invalid manifest is listed as failed. {@link #invokeOperation} may be called
 * concurrently from many threads.
 */
@ConsumerType
public interface ServiceOperationsProvider {

    /** Connector metadata and its connection parameters. {@code name()} is the connector id used everywhere. */
    ServiceOperationApi getService();

    /**
     * The connector's operations.
     *
     * @param expandManifest {@code false} for summaries only, {@code true} to include each operation's manifest
     *                       with its input and output JSON schemas
     */
    List<ServiceOperation> getOperations(boolean expandManifest);

    /**
     * Runs an action. The host has already checked the request against the operation's inputs schema and the
     * required connection parameters. Fail the returned stage (or throw) with a {@link ServiceOperationException}
     * to report an error with its own status; any other failure is reported to the caller as a 502.
     *
     * @param operationId          the operation's {@code name}
     * @param connectionParameters the connection the caller selected
     * @param request              the operation's inputs and request headers
     */
    CompletionStage<ServiceOperationResponse> invokeOperation(
            String operationId, ConnectionParameters connectionParameters, ServiceOperationRequest request);

    /**
     * For trigger operations: the connection information handed to the trigger binding, usually a connection string
     * built from the connection parameters.
     *
     * @return the binding's connection information, or {@code null} when the operation is not a trigger
     */
    default String getBindingConnectionInformation(String operationId, ConnectionParameters connectionParameters) {
        return null;
    }
}
