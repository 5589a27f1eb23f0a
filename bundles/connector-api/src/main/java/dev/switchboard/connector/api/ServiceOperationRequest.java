package dev.switchboard.connector.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The inputs of one invocation.
 *
 * @param parameters the operation's inputs, as validated against its inputs schema (never {@code null})
 * @param headers    request headers passed through by the caller (never {@code null}); from connector-api 1.4.0 the
 *                   host puts the invocation's W3C {@code traceparent} here: see {@link #traceContext()}
 */
public record ServiceOperationRequest(JsonNode parameters, Map<String, String> headers) {

    @JsonCreator
    public ServiceOperationRequest(
            @JsonProperty("parameters") JsonNode parameters, @JsonProperty("headers") Map<String, String> headers) {
        this.parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ServiceOperationRequest of(JsonNode parameters) {
        return new ServiceOperationRequest(parameters, Map.of());
    }

    /**
     * The trace this invocation belongs to: the {@code traceparent} header the host sets for every invocation (the
     * invocation's own span). A connector that calls another service sends {@code traceContext().child()} with it.
     * Empty only when the request did not come through the host (a unit test) or the header is malformed.
     *
     * @since 1.4.0
     */
    @JsonIgnore
    public Optional<TraceContext> traceContext() {
        return TraceContext.from(headers);
    }

    /**
     * This request with its {@code traceparent} header (whatever its case) replaced by {@code trace}.
     *
     * @since 1.4.0
     */
    public ServiceOperationRequest withTraceContext(TraceContext trace) {
        if (headers.isEmpty()) {
            // the usual case, on every invocation's path: one immutable entry, kept as it is by the constructor
            return new ServiceOperationRequest(parameters, Map.of(TraceContext.HEADER, trace.traceparent()));
        }
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!TraceContext.HEADER.equalsIgnoreCase(name)) {
                copy.put(name, value);
            }
        });
        copy.put(TraceContext.HEADER, trace.traceparent());
        return new ServiceOperationRequest(parameters, copy);
    }
}
