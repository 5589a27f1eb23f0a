package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One subscription as it is stored: what was asked for, its hook token and where it starts. Immutable: the JSON
 * parts ({@code connection}, {@code parameters}) are copied in and copied out, and a start is fixed with
 * {@link #withStart}, which returns a new record. The JSON form a {@link TriggerStore} keeps is written by
 * {@link #toJson} and read by {@link #fromJson}, and nowhere else.
 *
 * @param id         stable id
 * @param connector  connector id
 * @param version    the version or OSGi range asked for, {@code null} for the highest ACTIVE one
 * @param operation  the trigger operation
 * @param connection the name of a stored connection (a text node), inline parameters (an object), or {@code null}
 * @param parameters the trigger's inputs (an object)
 * @param webhook    where batches are POSTed; {@code null} for a stream subscription
 * @param token      the secret a hook caller presents
 * @param createdAt  epoch milliseconds
 * @param start      where it starts; {@code null} while not fixed yet
 */
record SubscriptionRecord(
        String id,
        String connector,
        String version,
        String operation,
        JsonNode connection,
        JsonNode parameters,
        String webhook,
        String token,
        long createdAt,
        Start start) {

    /**
     * Where a subscription starts, fixed once.
     *
     * @param checkpoint its first checkpoint, {@code null} for the beginning (or a binding that fixes none)
     * @param fixedAt    ISO-8601 instant
     */
    record Start(String checkpoint, String fixedAt) {

        ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("checkpoint", checkpoint);
            node.put("fixedAt", fixedAt);
            return node;
        }
    }

    SubscriptionRecord {
        connection =
                connection == null || connection.isNull() || connection.isMissingNode() ? null : connection.deepCopy();
        parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters.deepCopy();
    }

    /** A copy: the record stays as it was stored whatever the caller does with it. */
    @Override
    public JsonNode connection() {
        return connection == null ? null : connection.deepCopy();
    }

    /** A copy: the record stays as it was stored whatever the caller does with it. */
    @Override
    public JsonNode parameters() {
        return parameters.deepCopy();
    }

    /** The name of the stored connection it uses, {@code null} when none or inline. */
    String connectionName() {
        return connection != null && connection.isTextual() ? connection.asText() : null;
    }

    boolean isWebhook() {
        return webhook != null;
    }

    SubscriptionRecord withStart(Start fixed) {
        return new SubscriptionRecord(
                id, connector, version, operation, connection, parameters, webhook, token, createdAt, fixed);
    }

    /** The stored form: {@code {id, connector, version, operation, connection, parameters, webhook, token, createdAt, start?}}. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("connector", connector);
        node.put("version", version);
        node.put("operation", operation);
        node.set("connection", connection == null ? JsonNodeFactory.instance.nullNode() : connection.deepCopy());
        node.set("parameters", parameters.deepCopy());
        node.put("webhook", webhook);
        node.put("token", token);
        node.put("createdAt", createdAt);
        if (start != null) {
            node.set("start", start.toJson());
        }
        return node;
    }

    /** Reads what {@link #toJson} wrote (and what stores written before this class kept: the same fields). */
    static SubscriptionRecord fromJson(JsonNode node) {
        JsonNode start = node.path("start");
        return new SubscriptionRecord(
                node.path("id").asText(),
                node.path("connector").asText(),
                text(node, "version"),
                node.path("operation").asText(),
                node.get("connection"),
                node.path("parameters").isObject() ? node.get("parameters") : null,
                text(node, "webhook"),
                node.path("token").asText(),
                node.path("createdAt").asLong(),
                start.isObject() ? new Start(text(start, "checkpoint"), text(start, "fixedAt")) : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
