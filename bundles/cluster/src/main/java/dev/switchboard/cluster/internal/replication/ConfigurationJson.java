package dev.switchboard.cluster.internal.replication;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A configuration's properties as typed JSON, so a value comes back on another node with the type ConfigAdmin held:
 * {@code {"name": {"type": "Long", "value": 5}, "urls": {"type": "String[]", "value": ["a", "b"]}}}. The types are
 * those ConfigAdmin allows: String, Boolean, Integer, Long, Short, Byte, Character, Float, Double, arrays of these
 * (boxed or primitive) and collections of them ({@code Collection<String>} ...). Keys are sorted, so equal properties
 * give equal text and one checksum. ConfigAdmin's own keys (PID, factory PID, bundle location) are not part of it.
 * <p>
 * Why not Apache Felix cm.json (the launcher reads feature configurations with it): it needs JSON-P and an
 * implementation found through {@code ServiceLoader}, which inside the framework needs a service-loader mediator;
 * Jackson is a bundle here already.
 */
final class ConfigurationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NOT_STORED = Set.of(
            Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID, ConfigurationAdmin.SERVICE_BUNDLELOCATION);
    private static final Map<Class<?>, String> PRIMITIVE_ARRAYS = Map.of(
            int[].class, "int",
            long[].class, "long",
            short[].class, "short",
            byte[].class, "byte",
            char[].class, "char",
            float[].class, "float",
            double[].class, "double",
            boolean[].class, "boolean");

    private ConfigurationJson() {}

    /**
     * @throws IllegalArgumentException when a value has a type ConfigAdmin does not allow (naming the property)
     */
    static String encode(Dictionary<String, ?> properties) {
        Map<String, Object> sorted = new TreeMap<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            Object value = properties.get(key);
            if (!NOT_STORED.contains(key) && value != null) {
                sorted.put(key, value);
            }
        }
        ObjectNode root = NODES.objectNode();
        for (Map.Entry<String, Object> property : sorted.entrySet()) {
            root.set(property.getKey(), typed(property.getKey(), property.getValue()));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    static Hashtable<String, Object> decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a configuration in typed JSON: " + e.getOriginalMessage());
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String type = property.getValue().path("type").asText();
            JsonNode value = property.getValue().path("value");
            properties.put(property.getKey(), value(property.getKey(), type, value));
        }
        return properties;
    }

    private static ObjectNode typed(String key, Object value) {
        ObjectNode node = NODES.objectNode();
        if (value instanceof Collection<?> collection) {
            ArrayNode items = NODES.arrayNode();
            String element = "String";
            for (Object item : collection) {
                element = scalarType(key, item);
                items.add(scalar(item));
            }
            return node.put("type", "Collection<" + element + ">").set("value", items);
        }
        if (value.getClass().isArray()) {
            String primitive = PRIMITIVE_ARRAYS.get(value.getClass());
            String element = primitive != null
                    ? primitive
                    : scalarType(key, value.getClass().getComponentType());
            ArrayNode items = NODES.arrayNode();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(scalar(Array.get(value, i)));
            }
            return node.put("type", element + "[]").set("value", items);
        }
        return node.put("type", scalarType(key, value)).set("value", scalar(value));
    }

    private static String scalarType(String key, Object value) {
        return scalarType(key, value == null ? String.class : value.getClass());
    }

    private static String scalarType(String key, Class<?> type) {
        if (type == String.class
                || type == Boolean.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class
                || type == Character.class
                || type == Float.class
                || type == Double.class) {
            return type.getSimpleName();
        }
        throw new IllegalArgumentException(
                "Property " + key + " holds a " + type.getName() + ", which ConfigAdmin configurations do not hold");
    }

    private static JsonNode scalar(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Float f) {
            return NODES.numberNode(f);
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        return NODES.textNode(value.toString());
    }

    private static Object value(String key, String type, JsonNode value) {
        if (type.startsWith("Collection<") && type.endsWith(">")) {
            String element = type.substring("Collection<".length(), type.length() - 1);
            List<Object> items = new ArrayList<>();
            value.forEach(item -> items.add(scalarValue(key, element, item)));
            return items;
        }
        if (type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            Class<?> component = component(key, element);
            Object array = Array.newInstance(component, value.size());
            for (int i = 0; i < value.size(); i++) {
                Object item = scalarValue(key, element, value.get(i));
                if (component.isPrimitive() && item == null) {
                    throw new IllegalArgumentException("Property " + key + " has a null in a " + type);
                }
                Array.set(array, i, item);
            }
            return array;
        }
        return scalarValue(key, type, value);
    }

    private static Class<?> component(String key, String element) {
        return switch (element) {
            case "int" -> int.class;
            case "long" -> long.class;
            case "short" -> short.class;
            case "byte" -> byte.class;
            case "char" -> char.class;
            case "float" -> float.class;
            case "double" -> double.class;
            case "boolean" -> boolean.class;
            case "String" -> String.class;
            case "Boolean" -> Boolean.class;
            case "Integer" -> Integer.class;
            case "Long" -> Long.class;
            case "Short" -> Short.class;
            case "Byte" -> Byte.class;
            case "Character" -> Character.class;
            case "Float" -> Float.class;
            case "Double" -> Double.class;
            default -> throw new IllegalArgumentException("Property " + key + " has an unknown type " + element);
        };
    }

    private static Object scalarValue(String key, String type, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        return switch (type) {
            case "String" -> value.asText();
            case "Boolean", "boolean" -> value.asBoolean();
            case "Integer", "int" -> value.intValue();
            case "Long", "long" -> value.longValue();
            case "Short", "short" -> value.shortValue();
            case "Byte", "byte" -> (byte) value.intValue();
            case "Character", "char" ->
                value.asText().isEmpty() ? '\0' : value.asText().charAt(0);
            case "Float", "float" -> value.floatValue();
            case "Double", "double" -> value.doubleValue();
            default -> throw new IllegalArgumentException("Property " + key + " has an unknown type " + type);
        };
    }
}
