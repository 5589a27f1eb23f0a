package dev.switchboard.connector.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The inputs of one invocation.
 *
 * @param parameters the operation's inputs, as validated against its inputs schema (never {@code null})
 * @param headers    request headers passed through by the caller (never {@code null})
 */
public record ServiceOperationRequest(JsonNode parameters, Map<String, String> headers) {

    @JsonCreator
    public ServiceOperationRequest(@JsonProperty("parameters") JsonNode parameters,
                                   @JsonProperty("headers") Map<String, String> headers) {
        this.parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static ServiceOperationRequest of(JsonNode parameters) {
        return new ServiceOperationRequest(parameters, Map.of());
    }
}
