package dev.switchboard.webconsole.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.NamedConnection;

/**
 * The page's named connections, through the host's {@link ConnectionStore} with the rules of
 * {@code /api/connections}: listed masked, stored after the store's checks (one detail per parameter), and a secret
 * sent back as {@link NamedConnection#MASK} keeps its stored value. No stored value of a secret ever reaches the page.
 */
final class ConnectionForms {

    private final ConnectionStore store;
    private final ObjectMapper mapper;

    ConnectionForms(ConnectionStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
    }

    /** {@code {connections:[...]}}: those for {@code connector}, or all when it is {@code null}. */
    ObjectNode list(String connector) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode list = node.putArray("connections");
        for (NamedConnection connection : store.list()) {
            if (connector == null || connector.equals(connection.connector())) {
                list.add(view(connection));
            }
        }
        return node;
    }

    /**
     * Stores {@code {name, connector, parameters:{name: value}}}; an empty or {@code null} value leaves the parameter
     * out. Values are sent as the form holds them (text); the store converts them to the declared types.
     *
     * @throws dev.switchboard.host.api.InvocationException the store's refusal, with one detail per parameter
     */
    ObjectNode save(JsonNode request) {
        String name = request.path("name").asText("");
        String connector = request.path("connector").asText("");
        if (name.isBlank() || connector.isBlank()) {
            throw new IllegalArgumentException("name and connector are required");
        }
        JsonNode parameters = request.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isNull() && !parameters.isObject()) {
            throw new IllegalArgumentException("parameters must be a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull() || value.asText().isEmpty()) {
                continue;
            }
            Object typed = value.isBoolean()
                    ? value.booleanValue()
                    : value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : value.asText();
            values.put(field.getKey(), typed);
        }
        return view(store.put(name, connector, values));
    }

    /** @return whether there was such a connection */
    boolean delete(JsonNode request) {
        String name = request.path("name").asText("");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is required");
        }
        return store.delete(name);
    }

    private ObjectNode view(NamedConnection connection) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", connection.name());
        node.put("connector", connection.connector());
        ObjectNode parameters = node.putObject("parameters");
        // the store masks secrets; the page shows the mask as "stored", never a value, for those
        connection.parameters().forEach((key, value) -> parameters.put(key, String.valueOf(value)));
        node.put("file", connection.file());
        node.put("problem", connection.problem());
        return node;
    }
}
