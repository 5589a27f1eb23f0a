package dev.switchboard.host.api;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import dev.switchboard.connector.api.ServiceOperationResponse;

/** Invokes any operation of any connector version: the dispatcher. */
@ProviderType
public interface OperationInvoker {

    /**
     * Resolves the connector version and the operation, validates the inputs and calls the provider with a timeout.
     * <p>
     * Never throws: every failure completes the stage exceptionally with an {@link InvocationException} that carries
     * the HTTP status to report (404 unknown connector, version or operation; 400 invalid input, one detail per
     * failing field; the connector's own status for a {@code ServiceOperationException}; 502 any other failure of the
     * connector; 503 busy or unavailable, or a connector being updated that did not come back in time; 504 timeout). A
     * call for a connector that is being updated waits for the new version (bounded) instead of failing. The stage
     * always completes within the configured timeout.
     */
    CompletionStage<ServiceOperationResponse> invoke(Invocation invocation);
}
