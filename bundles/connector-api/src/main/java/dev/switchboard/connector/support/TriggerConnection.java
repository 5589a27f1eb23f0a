package dev.switchboard.connector.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.TriggerContext;

/**
 * A trigger binding's connection information when it is the subscription's connection parameters as JSON: written
 * by {@code getBindingConnectionInformation}, read back from {@link TriggerContext#connectionInformation()} by the
 * binding. The host keeps this text as it keeps connection parameters (never shown, never logged).
 */
public final class TriggerConnection {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TriggerConnection() {}

    /** The connection parameters as JSON text. */
    public static String information(ConnectionParameters parameters) {
        return parameters.toJson().toString();
    }

    /**
     * The connection parameters the subscription's connection information holds.
     *
     * @param context the running subscription
     * @param missing the message when the subscription has no connection ("the file connector's trigger needs a
     *        connection with rootFolder", say)
     * @throws IllegalArgumentException without connection information, or when it is not a JSON object
     */
    public static ConnectionParameters parameters(TriggerContext context, String missing) {
        String information = context.connectionInformation();
        if (information == null) {
            throw new IllegalArgumentException(missing);
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(information);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the subscription's connection information is not JSON", e);
        }
        if (!(json instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the subscription's connection information is not a JSON object");
        }
        return ConnectionParameters.of(object);
    }
}
