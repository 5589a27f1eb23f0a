package dev.switchboard.webconsole.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON Schema as rows a person can read: one row per property, nested objects and array items flattened into
 * dotted names ({@code address.city}, {@code lines[].sku}), required properties marked.
 */
final class SchemaTable {

    private static final int MAX_DEPTH = 5;
    private static final List<String> CONSTRAINTS = List.of(
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "pattern",
            "format",
            "minItems",
            "maxItems");

    /**
     * @param name        the property path
     * @param type        the declared type ({@code string}, {@code array of string}, ...)
     * @param required    whether the enclosing object requires it
     * @param description the schema's description or title, or empty
     * @param constraints the other keywords that limit the value, for example {@code minLength 1, enum a|b}
     */
    record Row(String name, String type, boolean required, String description, String constraints) {}

    private SchemaTable() {}

    /** The rows of {@code schema}; none when it declares no properties. */
    static List<Row> rows(JsonNode schema) {
        List<Row> rows = new ArrayList<>();
        if (schema != null && schema.isObject()) {
            addProperties(schema, "", rows, 0);
        }
        return rows;
    }

    private static void addProperties(JsonNode schema, String prefix, List<Row> rows, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        schema.path("properties").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String name = prefix + property.getKey();
            JsonNode propertySchema = property.getValue();
            String type = SchemaTemplate.type(propertySchema);
            JsonNode items = propertySchema.path("items");
            if ("array".equals(type) && items.isObject()) {
                type = "array of " + SchemaTemplate.type(items);
            }
            rows.add(new Row(
                    name,
                    type,
                    required.contains(property.getKey()),
                    description(propertySchema),
                    constraints(propertySchema)));
            if (propertySchema.has("properties")) {
                addProperties(propertySchema, name + ".", rows, depth + 1);
            } else if (items.has("properties")) {
                addProperties(items, name + "[].", rows, depth + 1);
            }
        }
    }

    private static String description(JsonNode schema) {
        String description = schema.path("description").asText("");
        return description.isEmpty() ? schema.path("title").asText("") : description;
    }

    private static String constraints(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        for (String keyword : CONSTRAINTS) {
            if (schema.has(keyword)) {
                parts.add(keyword + " " + schema.get(keyword).asText());
            }
        }
        if (schema.path("enum").isArray()) {
            List<String> values = new ArrayList<>();
            schema.get("enum").forEach(v -> values.add(v.isTextual() ? v.asText() : v.toString()));
            parts.add("one of " + String.join(" | ", values));
        }
        if (schema.has("default")) {
            parts.add("default " + schema.get("default"));
        }
        return String.join(", ", parts);
    }
}
