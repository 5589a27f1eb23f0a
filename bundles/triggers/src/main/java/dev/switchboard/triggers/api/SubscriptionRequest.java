package dev.switchboard.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code POST /api/subscriptions} asks for.
 *
 * @param connector  the connector id
 * @param version    {@code null} for the highest ACTIVE version (also after an update), or a version or OSGi range
 * @param operation  the trigger operation's name
 * @param connection the name of a stored connection (a text node), inline connection parameters (an object), or
 *                   {@code null} for none
 * @param parameters the trigger's inputs (an object)
 * @param webhook    the URL events are POSTed to; {@code null} for a stream subscription
 */
public record SubscriptionRequest(
        String connector, String version, String operation, JsonNode connection, JsonNode parameters, String webhook) {}
