package dev.switchboard.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One subscription as shown by the API.
 *
 * @param id              stable id
 * @param request         what was asked for; an inline connection's values are not included
 * @param token           the secret a caller of {@code POST /api/hooks/{id}} must present
 * @param state           see {@link SubscriptionState}
 * @param reason          why it is WAITING or FAILED; {@code null} when ACTIVE
 * @param runningVersion  the connector version the binding runs on, {@code null} when not ACTIVE
 * @param checkpoint      the committed checkpoint
 * @param emitted         batches stored so far
 * @param delivered       batches delivered so far
 * @param pending         batches stored and not yet delivered
 * @param deadLettered    batches given up after the configured number of attempts
 * @param lastError       the last delivery failure, {@code null} when none
 */
public record Subscription(String id, SubscriptionRequest request, String token, SubscriptionState state,
                           String reason, String runningVersion, String checkpoint, long emitted, long delivered,
                           long pending, long deadLettered, String lastError, JsonNode deadLetters) {
}
