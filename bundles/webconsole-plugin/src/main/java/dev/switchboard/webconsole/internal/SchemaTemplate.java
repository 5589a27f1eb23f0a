package dev.switchboard.webconsole.internal;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A starting value for an operation's parameters, built from its inputs JSON Schema, so that "Try it" opens with
 * every property in place: a declared {@code default}, {@code const}, first {@code examples} or {@code enum} value
 * when there is one, otherwise a neutral value of the declared type (the {@code minimum} for numbers).
 */
final class SchemaTemplate {

    /** Deep enough for real manifests; a recursive schema must not make the page hang. */
    private static final int MAX_DEPTH = 6;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaTemplate() {}

    /** The template for {@code schema}; an empty object when there is no schema. */
    static JsonNode of(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            return JSON.objectNode();
        }
        return value(schema, 0);
    }

    private static JsonNode value(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject() || depth > MAX_DEPTH) {
            return NullNode.getInstance();
        }
        for (String given : new String[] {"default", "const"}) {
            if (schema.has(given)) {
                return schema.get(given).deepCopy();
            }
        }
        if (schema.path("examples").isArray() && schema.path("examples").size() > 0) {
            return schema.path("examples").get(0).deepCopy();
        }
        if (schema.path("enum").isArray() && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0).deepCopy();
        }
        for (String alternatives : new String[] {"oneOf", "anyOf", "allOf"}) {
            if (schema.path(alternatives).isArray() && schema.path(alternatives).size() > 0 && !schema.has("type")) {
                return value(schema.path(alternatives).get(0), depth + 1);
            }
        }
        String type = type(schema);
        switch (type) {
            case "object":
                return object(schema, depth);
            case "array":
                ArrayNode array = JSON.arrayNode();
                int minItems = schema.path("minItems").asInt(0);
                for (int i = 0; i < Math.min(minItems, 3); i++) {
                    array.add(value(schema.get("items"), depth + 1));
                }
                return array;
            case "string":
                return JSON.textNode("");
            case "integer":
                return schema.path("minimum").canConvertToLong()
                        ? JSON.numberNode(schema.path("minimum").asLong())
                        : JSON.numberNode(0);
            case "number":
                return schema.path("minimum").isNumber()
                        ? schema.path("minimum").deepCopy()
                        : JSON.numberNode(0);
            case "boolean":
                return JSON.booleanNode(false);
            default:
                return NullNode.getInstance();
        }
    }

    private static ObjectNode object(JsonNode schema, int depth) {
        ObjectNode object = JSON.objectNode();
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            object.set(property.getKey(), value(property.getValue(), depth + 1));
        }
        return object;
    }

    /**
     * The declared type; the first non-null one of a type list; {@code object} when only properties are given.
     */
    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            return type.asText();
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "any";
    }
}
