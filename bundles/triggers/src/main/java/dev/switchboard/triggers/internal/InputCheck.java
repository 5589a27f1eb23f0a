package dev.switchboard.triggers.internal;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a built-in connector checks in a trigger's inputs beyond its JSON schema, when subscribing: a cron expression
 * that never fires, for one. {@link SubscriptionManager} answers 400 with these problems.
 */
interface InputCheck {

    /** One line per problem, starting with the field ({@code cron: ...}); empty when the inputs are fine. */
    List<String> problems(String operationId, JsonNode inputs);
}
