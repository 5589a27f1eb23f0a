package dev.switchboard.connector.api;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The outcome of a successful invocation.
 *
 * @param statusCode the status the operation reports, usually 200
 * @param headers    response headers (never {@code null})
 * @param body       the operation's output, matching its outputs schema (a JSON null when there is none)
 */
public record ServiceOperationResponse(int statusCode, Map<String, String> headers, JsonNode body) {

    @JsonCreator
    public ServiceOperationResponse(
            @JsonProperty("statusCode") int statusCode,
            @JsonProperty("headers") Map<String, String> headers,
            @JsonProperty("body") JsonNode body) {
        this.statusCode = statusCode;
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
        this.body = body == null ? NullNode.getInstance() : body;
    }

    /** A 200 response with no headers. */
    public static ServiceOperationResponse ok(JsonNode body) {
        return new ServiceOperationResponse(200, Map.of(), body);
    }
}
