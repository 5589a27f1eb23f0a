package dev.switchboard.connector.api;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An operation's manifest: a JSON object whose {@code inputs} and {@code outputs} members are JSON Schemas; any
 * other members (settings, locations, ...) are kept as they are. Immutable: accessors return copies.
 */
public final class OperationManifest {

    private final ObjectNode json;

    private OperationManifest(ObjectNode json) {
        this.json = json;
    }

    /** Wraps a manifest object (copied). */
    @JsonCreator
    public static OperationManifest of(ObjectNode json) {
        return new OperationManifest(Objects.requireNonNull(json, "manifest").deepCopy());
    }

    /** A manifest with just these two schemas; either may be {@code null}. */
    public static OperationManifest of(JsonNode inputs, JsonNode outputs) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (inputs != null) {
            node.set("inputs", inputs.deepCopy());
        }
        if (outputs != null) {
            node.set("outputs", outputs.deepCopy());
        }
        return new OperationManifest(node);
    }

    /** The inputs JSON Schema, or {@code null} when the operation declares none. */
    public JsonNode inputs() {
        JsonNode node = json.get("inputs");
        return node == null ? null : node.deepCopy();
    }

    /** The outputs JSON Schema, or {@code null} when the operation declares none. */
    public JsonNode outputs() {
        JsonNode node = json.get("outputs");
        return node == null ? null : node.deepCopy();
    }

    /** The whole manifest as JSON (a copy). */
    @JsonValue
    public ObjectNode toJson() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OperationManifest other && json.equals(other.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
