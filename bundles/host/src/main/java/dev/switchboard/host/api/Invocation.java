package dev.switchboard.host.api;

import java.util.Objects;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationRequest;

/**
 * One call through the {@link OperationInvoker}.
 *
 * @param connectorId    the connector id
 * @param version     {@code null} for the highest ACTIVE version, an exact version ({@code 1.2.0}) or an OSGi range
 *                    ({@code [1.0,2.0)})
 * @param operationId the operation's name
 * @param connection  the connection parameters to use
 * @param request     inputs and headers
 * @param connectionName the name of the stored connection {@code connection} was resolved from, {@code null} for
 *                       parameters given inline; per-connection rate limits are keyed by it (since 1.4.0)
 * @param parentSpanId   the span id of the caller's span (the {@code traceparent} it sent), whose child is the call's
 *                       span in {@code request}; {@code null} when the call started its trace (since 1.7.0)
 */
public record Invocation(
        String connectorId,
        String version,
        String operationId,
        ConnectionParameters connection,
        ServiceOperationRequest request,
        String connectionName,
        String parentSpanId) {

    public Invocation {
        Objects.requireNonNull(connectorId, "connectorId");
        Objects.requireNonNull(operationId, "operationId");
        connection = connection == null ? ConnectionParameters.empty() : connection;
        request = request == null ? ServiceOperationRequest.of(null) : request;
    }

    /** Without a caller's span: the call starts its trace, or the caller's span is not known. */
    public Invocation(
            String connectorId,
            String version,
            String operationId,
            ConnectionParameters connection,
            ServiceOperationRequest request,
            String connectionName) {
        this(connectorId, version, operationId, connection, request, connectionName, null);
    }

    /** With connection parameters given inline (no stored connection). */
    public Invocation(
            String connectorId,
            String version,
            String operationId,
            ConnectionParameters connection,
            ServiceOperationRequest request) {
        this(connectorId, version, operationId, connection, request, null);
    }

    /**
     * This invocation with another request (the host uses it to add the W3C {@code traceparent} a caller did not
     * send).
     *
     * @since 1.5.0
     */
    public Invocation withRequest(ServiceOperationRequest value) {
        return new Invocation(connectorId, version, operationId, connection, value, connectionName, parentSpanId);
    }

    /**
     * This invocation as the child of the caller's span {@code spanId}: the REST API sets it from the caller's
     * {@code traceparent}, so that the span of the call is exported with that parent.
     *
     * @since 1.7.0
     */
    public Invocation withParentSpanId(String spanId) {
        return new Invocation(connectorId, version, operationId, connection, request, connectionName, spanId);
    }
}
