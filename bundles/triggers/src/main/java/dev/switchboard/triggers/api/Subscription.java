package dev.switchboard.triggers.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One subscription as shown by the API.
 *
 * @param id              stable id
 * @param request         what was asked for; an inline connection's values are not included, and the webhook URL
 *                        is shown as {@link WebhookUrl#masked} (since 1.1.0)
 * @param token           the secret a caller of {@code POST /api/hooks/{id}} must present: given by
 *                        {@link Subscriptions#create} only, masked in every later view (since 1.1.0)
 * @param state           see {@link SubscriptionState}
 * @param reason          why it is WAITING, FAILED or FAILING; {@code null} when ACTIVE
 * @param runningVersion  the connector version the binding runs on, {@code null} when not ACTIVE
 * @param checkpoint      the committed checkpoint
 * @param emitted         batches stored so far
 * @param delivered       batches delivered so far
 * @param pending         batches stored and not yet delivered
 * @param deadLettered    batches given up after the configured number of attempts
 * @param lastError       the last delivery failure, {@code null} when none
 * @param deadLetters     the dead-lettered batches still kept
 * @param backlog         what it holds in the store against its bounds (since 1.1.0)
 * @param start           where it starts, fixed when it was created: {@code {"checkpoint": <the first checkpoint,
 *                        a string, or null>, "fixedAt": <ISO-8601 instant>}}; {@code null} while not fixed yet (its
 *                        binding was not available when it was created). Since 1.2.0.
 * @param owner           cluster mode: the id of the node that runs it (its binding and its delivery), {@code null}
 *                        while no node has claimed it; always {@code null} on a host that runs alone. Since 1.4.0.
 */
public record Subscription(
        String id,
        SubscriptionRequest request,
        String token,
        SubscriptionState state,
        String reason,
        String runningVersion,
        String checkpoint,
        long emitted,
        long delivered,
        long pending,
        long deadLettered,
        String lastError,
        JsonNode deadLetters,
        Backlog backlog,
        JsonNode start,
        String owner) {

    /** Without an owner (as before 1.4.0, and on a host that runs alone). */
    public Subscription(
            String id,
            SubscriptionRequest request,
            String token,
            SubscriptionState state,
            String reason,
            String runningVersion,
            String checkpoint,
            long emitted,
            long delivered,
            long pending,
            long deadLettered,
            String lastError,
            JsonNode deadLetters,
            Backlog backlog,
            JsonNode start) {
        this(
                id,
                request,
                token,
                state,
                reason,
                runningVersion,
                checkpoint,
                emitted,
                delivered,
                pending,
                deadLettered,
                lastError,
                deadLetters,
                backlog,
                start,
                null);
    }

    /** Without a start (as before 1.2.0). */
    public Subscription(
            String id,
            SubscriptionRequest request,
            String token,
            SubscriptionState state,
            String reason,
            String runningVersion,
            String checkpoint,
            long emitted,
            long delivered,
            long pending,
            long deadLettered,
            String lastError,
            JsonNode deadLetters,
            Backlog backlog) {
        this(
                id,
                request,
                token,
                state,
                reason,
                runningVersion,
                checkpoint,
                emitted,
                delivered,
                pending,
                deadLettered,
                lastError,
                deadLetters,
                backlog,
                null,
                null);
    }

    /** Without a {@link Backlog} (as before 1.1.0). */
    public Subscription(
            String id,
            SubscriptionRequest request,
            String token,
            SubscriptionState state,
            String reason,
            String runningVersion,
            String checkpoint,
            long emitted,
            long delivered,
            long pending,
            long deadLettered,
            String lastError,
            JsonNode deadLetters) {
        this(
                id,
                request,
                token,
                state,
                reason,
                runningVersion,
                checkpoint,
                emitted,
                delivered,
                pending,
                deadLettered,
                lastError,
                deadLetters,
                null,
                null,
                null);
    }
}
