package dev.switchboard.connector.openapi.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns an OpenAPI schema (as JSON) into a self-contained JSON Schema: every {@code #/components/schemas/X}
 * reference is replaced by a copy of X, a reference back into a schema being expanded becomes {@code {}} (any value;
 * recursion is not unrolled), and the copy is bounded: past {@code maxNodes} nodes the schema is refused, so a
 * document whose references fan out cannot blow up memory. OpenAPI 3.0's {@code nullable} becomes a type list with
 * {@code "null"}; keywords JSON Schema validators do not know ({@code example}, {@code xml}, {@code discriminator},
 * {@code externalDocs}) are dropped.
 */
final class SchemaInliner {

    /** Thrown when a schema grows past the bound; the message says which. */
    static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> DROPPED = Set.of(
            "example",
            "xml",
            "discriminator",
            "externalDocs",
            "nullable",
            "exampleSetFlag",
            "$schema",
            "types",
            "specVersion",
            "jsonSchema");
    private static final String PREFIX = "#/components/schemas/";

    private final JsonNode schemas;
    private final int maxNodes;
    private int nodes;
    private final Deque<String> expanding = new ArrayDeque<>();

    /** @param schemas {@code components.schemas} of the document as JSON (may be {@code null}) */
    SchemaInliner(JsonNode schemas, int maxNodes) {
        this.schemas = schemas == null ? JsonNodeFactory.instance.objectNode() : schemas;
        this.maxNodes = maxNodes;
    }

    /** A self-contained copy of {@code schema}; each call has its own budget of nodes. */
    JsonNode inline(JsonNode schema) {
        nodes = 0;
        expanding.clear();
        return copy(schema == null ? JsonNodeFactory.instance.objectNode() : schema);
    }

    private JsonNode copy(JsonNode node) {
        if (++nodes > maxNodes) {
            throw new TooLargeException("its schema has more than " + maxNodes + " nodes once its $refs are "
                    + "resolved (max.schema.nodes of PID " + OpenApiSettings.PID + ")");
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(copy(item)));
            return copy;
        }
        if (!node.isObject()) {
            return node.deepCopy();
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            return resolve(ref.asText());
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (DROPPED.contains(field.getKey()) || field.getKey().startsWith("x-")) {
                continue;
            }
            if (field.getKey().equals("properties") && field.getValue().isObject()) {
                // property names are names, not keywords: copy their schemas only
                ObjectNode properties = copy.putObject("properties");
                for (Iterator<Map.Entry<String, JsonNode>> p = field.getValue().fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = p.next();
                    properties.set(property.getKey(), copy(property.getValue()));
                }
                continue;
            }
            copy.set(field.getKey(), copy(field.getValue()));
        }
        if (node.path("nullable").asBoolean(false) && copy.path("type").isTextual()) {
            copy.putArray("type").add(node.get("type").asText()).add("null");
        }
        return copy;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith(PREFIX)) {
            // only schema references are meaningful here; anything else is left as "any value"
            return JsonNodeFactory.instance.objectNode();
        }
        String name = ref.substring(PREFIX.length()).replace("~1", "/").replace("~0", "~");
        JsonNode target = schemas.get(name);
        if (target == null) {
            throw new IllegalArgumentException(
                    "the schema reference '" + ref + "' names no schema in " + "components/schemas");
        }
        if (expanding.contains(name)) {
            ObjectNode any = JsonNodeFactory.instance.objectNode();
            any.put("description", "(recursive: " + name + ")");
            return any;
        }
        expanding.push(name);
        try {
            JsonNode copy = copy(target);
            if (copy.isObject() && !copy.has("title")) {
                ((ObjectNode) copy).put("title", name);
            }
            return copy;
        } finally {
            expanding.pop();
        }
    }
}
