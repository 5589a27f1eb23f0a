package dev.switchboard.connector.openapi.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.OperationBinding;
import dev.switchboard.connector.openapi.internal.OpenApiDefinition.Parameter;

/**
 * Turns an operation's inputs into the inputs of the http connector's {@code sendRequest}: the path template filled
 * with percent-encoded values (so a value never adds a segment, a query or a fragment), query parameters and headers
 * by name, the {@code body} input as JSON. Header values are checked by the http client (no CR/LF, Latin-1 only).
 */
final class RequestFactory {

    private RequestFactory() {}

    static ObjectNode sendRequestInputs(OperationBinding binding, JsonNode inputs) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("method", binding.method());
        String path = binding.path();
        ObjectNode queries = JsonNodeFactory.instance.objectNode();
        ObjectNode headers = JsonNodeFactory.instance.objectNode();
        for (Parameter parameter : binding.parameters()) {
            JsonNode value = inputs == null ? null : inputs.get(parameter.name());
            if (value == null || value.isNull()) {
                if (parameter.required()) {
                    throw new ServiceOperationException(
                            400, "InvalidInput", "The input '" + parameter.name() + "' is required.");
                }
                continue;
            }
            switch (parameter.in()) {
                case PATH -> path = path.replace("{" + parameter.name() + "}", pathSegment(text(value)));
                case QUERY ->
                    queries.set(
                            parameter.name(), value.isArray() ? value : JsonNodeFactory.instance.textNode(text(value)));
                case HEADER -> headers.put(parameter.name(), text(value));
            }
        }
        request.put("uri", path);
        if (!queries.isEmpty()) {
            request.set("queries", queries);
        }
        headers.put("Accept", "application/json");
        request.set("headers", headers);
        JsonNode body = inputs == null ? null : inputs.get(DocumentCompiler.BODY);
        if (binding.jsonBody() && body != null && !body.isNull()) {
            request.set("body", body);
            request.put("bodyEncoding", "json");
        }
        return request;
    }

    /** A scalar as text; an array as comma-separated values (style simple); an object as JSON. */
    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** Percent-encodes all but unreserved characters; "." and ".." are encoded too, so no value walks up a path. */
    static String pathSegment(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
        if (encoded.equals(".") || encoded.equals("..")) {
            return encoded.replace(".", "%2E");
        }
        return encoded;
    }
}
