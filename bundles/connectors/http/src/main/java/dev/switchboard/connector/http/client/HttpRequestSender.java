package dev.switchboard.connector.http.client;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

import dev.switchboard.connector.api.ServiceOperationResponse;

/**
 * Sends HTTP requests with the http connector's client code and its configuration (PID
 * {@code dev.switchboard.connector.http}). A service of the http connector's bundle.
 */
@ProviderType
public interface HttpRequestSender {

    /**
     * Sends the request without blocking the caller. The answer is the one {@code sendRequest} gives: a response
     * whose body is {@code {statusCode, headers, body, bodyEncoding}}, whatever the upstream status; failures
     * (bad input, unreachable upstream, timeout, too large) complete the stage with a
     * {@link dev.switchboard.connector.api.ServiceOperationException} carrying the same status and code as
     * {@code sendRequest}'s.
     */
    CompletionStage<ServiceOperationResponse> send(OutboundRequest request);
}
