package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;

/**
 * {@code GET /connections}, {@code GET|PUT|DELETE /connections/{name}}: named connections, always masked. Error
 * messages never repeat a value from the body.
 */
final class ConnectionEndpoints {

    private final ConnectionStore store;
    private final ObjectMapper mapper;
    private final RequestBodyReader bodyReader;
    private final ResponseWriter writer;

    ConnectionEndpoints(
            ConnectionStore store, ObjectMapper mapper, RequestBodyReader bodyReader, ResponseWriter writer) {
        this.store = store;
        this.mapper = mapper;
        this.bodyReader = bodyReader;
        this.writer = writer;
    }

    void list(ApiCall call) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        for (NamedConnection connection : store.list()) {
            list.add(view(connection));
        }
        writer.json(call.response(), 200, list);
    }

    void get(ApiCall call) throws IOException {
        writer.json(call.response(), 200, view(store.get(call.path("name")).orElseThrow(() -> notFound(call))));
    }

    void put(ApiCall call) throws IOException {
        String name = call.path("name");
        JsonNode body = readBody(bodyReader.read(call.request()));
        JsonNode connector = body.get("connector");
        if (connector == null || !connector.isTextual() || connector.asText().isBlank()) {
            throw invalid("/connector", "connector must be the id of an installed connector.");
        }
        Map<String, Object> parameters = parameters(body.get("parameters"));
        boolean existed = store.get(name).isPresent();
        NamedConnection stored;
        try {
            stored = store.put(name, connector.asText(), parameters);
        } catch (InvocationException e) {
            throw ApiError.of(e);
        }
        if (!existed) {
            call.response().setHeader("Location", call.request().getRequestURI());
        }
        writer.json(call.response(), existed ? 200 : 201, view(stored));
    }

    void delete(ApiCall call) {
        if (!store.delete(call.path("name"))) {
            throw notFound(call);
        }
        call.response().setStatus(204);
    }

    ObjectNode view(NamedConnection connection) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", connection.name());
        node.put("connector", connection.connector());
        ObjectNode parameters = node.putObject("parameters");
        connection.parameters().forEach((key, value) -> parameters.set(key, mapper.valueToTree(value)));
        if (connection.file() != null) {
            node.put("file", connection.file());
        }
        if (connection.problem() != null) {
            node.put("problem", connection.problem());
        }
        return node;
    }

    private JsonNode readBody(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? mapper.missingNode() : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvocationParser.invalidJson(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from a byte array", e);
        }
        if (!root.isObject()) {
            throw invalid(
                    "", "The request body must be a JSON object: {\"connector\": \"id\", \"parameters\": {...}}.");
        }
        return root;
    }

    /** Strings, booleans and integers; {@code null} leaves a parameter out. */
    private static Map<String, Object> parameters(JsonNode parameters) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (parameters == null || parameters.isNull()) {
            return result;
        }
        if (!parameters.isObject()) {
            throw invalid("/parameters", "parameters must be a JSON object of connection parameter values.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                result.put(entry.getKey(), null);
            } else if (value.isTextual()) {
                result.put(entry.getKey(), value.textValue());
            } else if (value.isBoolean()) {
                result.put(entry.getKey(), value.booleanValue());
            } else if (value.isIntegralNumber() && value.canConvertToLong()) {
                result.put(entry.getKey(), value.longValue());
            } else {
                throw invalid(
                        "/parameters/" + entry.getKey().replace("~", "~0").replace("/", "~1"),
                        "The connection parameter '" + entry.getKey() + "' must be a string, a boolean or an "
                                + "integer.");
            }
        }
        return result;
    }

    private static ApiError notFound(ApiCall call) {
        return ApiError.notFound("ConnectionNotFound", "There is no connection named '" + call.path("name") + "'.");
    }

    private static ApiError invalid(String target, String message) {
        return new ApiError(
                Failure.Reason.INVALID_REQUEST,
                "InvalidRequest",
                message,
                List.of(new ErrorDetail(target, message)),
                Map.of());
    }
}
