package dev.switchboard.triggers.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import org.osgi.annotation.versioning.ProviderType;

/** Subscriptions to trigger operations: durable, delivered at least once. */
@ProviderType
public interface Subscriptions {

    /**
     * Creates and starts (or parks as WAITING) a subscription.
     *
     * @throws SubscriptionException 400 for a bad request (unknown operation, an action, invalid inputs, a bad URL),
     *                               404 for an unknown connection, 409 TooManySubscriptions when the host already
     *                               runs {@code max.subscriptions}
     */
    Subscription create(SubscriptionRequest request);

    List<Subscription> list();

    Optional<Subscription> get(String id);

    /** Stops it and forgets its pending events and checkpoint. @return {@code false} when unknown */
    boolean delete(String id);

    /**
     * Emits {@code body} as one event of an {@code httpWebhook} subscription, once {@code token} is its secret.
     *
     * @return completes when the event is stored
     * @throws SubscriptionException 404 unknown subscription, 401 wrong token, 409 not an httpWebhook trigger or not
     *                               ACTIVE, 413 a body larger than {@code hook.max.bytes}, 429 (with Retry-After) when
     *                               the subscription's pending store is full
     */
    CompletionStage<Void> acceptHook(String id, String token, JsonNode body);

    /**
     * Registers a listener for the subscription's batches. For a stream subscription the pending batches are handed
     * to it first, and a batch counts as delivered once a listener took it.
     *
     * @return closes the registration (frees its place among {@code max.streams})
     * @throws SubscriptionException 404 unknown subscription, 503 TooManyStreams (with Retry-After) when
     *                               {@code max.streams} listeners are registered
     */
    AutoCloseable listen(String id, EventListener listener);
}
