package ${package}.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.ConnectionParameters;

/** The action {@code hello}: {@code {"name": "Ada"}} gives {@code {"message": "<greeting>, Ada!"}}. */
final class HelloAction {

    static final String OPERATION = "hello";

    JsonNode invoke(ConnectionParameters connection, JsonNode inputs) {
        String greeting = connection.getRequired("greeting");
        return JsonNodeFactory.instance.objectNode()
                .put("message", greeting + ", " + inputs.path("name").asText() + "!");
    }
}
