package dev.switchboard.connector.api;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The connection an operation runs against: named values, matched without regard to case. Immutable.
 * <p>
 * Values may be secrets, so {@link #toString()} shows only the names.
 */
public final class ConnectionParameters {

    private static final ConnectionParameters EMPTY =
            new ConnectionParameters(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final Map<String, JsonNode> values;

    private ConnectionParameters(TreeMap<String, JsonNode> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ConnectionParameters empty() {
        return EMPTY;
    }

    /** From a JSON object; a {@code null} node gives the empty set. */
    public static ConnectionParameters of(ObjectNode node) {
        TreeMap<String, JsonNode> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (node != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
        return new ConnectionParameters(map);
    }

    /**
     * From plain Java values (strings, numbers, booleans, or JSON nodes); {@code null} values are left out.
     */
    public static ConnectionParameters of(Map<String, ?> values) {
        TreeMap<String, JsonNode> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        JsonNodeFactory f = JsonNodeFactory.instance;
        values.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            JsonNode node;
            if (value instanceof JsonNode json) {
                node = json.deepCopy();
            } else if (value instanceof Boolean b) {
                node = f.booleanNode(b);
            } else if (value instanceof Integer i) {
                node = f.numberNode(i);
            } else if (value instanceof Long l) {
                node = f.numberNode(l);
            } else if (value instanceof Number n) {
                node = f.numberNode(new java.math.BigDecimal(n.toString()));
            } else {
                node = f.textNode(value.toString());
            }
            map.put(name, node);
        });
        return new ConnectionParameters(map);
    }

    /** The value, or {@code null} when absent. */
    public JsonNode get(String name) {
        return values.get(name);
    }

    /** The value as text, or {@code null} when absent. */
    public String getString(String name) {
        JsonNode node = values.get(name);
        return node == null ? null : node.asText();
    }

    /**
     * The value as text.
     *
     * @throws ServiceOperationException 400 naming the parameter when it is absent or blank
     */
    public String getRequired(String name) {
        String value = getString(name);
        if (value == null || value.isBlank()) {
            throw new ServiceOperationException(
                    400,
                    "MissingConnectionParameter",
                    "The connection parameter '" + name + "' is required but was not provided.");
        }
        return value;
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    /** The parameter names, in case-insensitive order. */
    public Set<String> names() {
        return values.keySet();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy as a JSON object, for a connector that keeps its own representation of the connection. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        values.forEach((k, v) -> node.set(k, v.deepCopy()));
        return node;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionParameters other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Names only: values may be secrets. */
    @Override
    public String toString() {
        return "ConnectionParameters" + values.keySet();
    }
}
