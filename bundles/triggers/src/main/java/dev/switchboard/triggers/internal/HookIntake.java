package dev.switchboard.triggers.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionState;

/**
 * Takes a body posted to {@code /api/hooks/{id}}: checks the subscription's token (in constant time), that an
 * {@code httpWebhook} binding runs it and the body's size, and hands it to the binding; a store that is full for the
 * subscription answers 429 with when to try again.
 */
final class HookIntake {

    /** What a refused hook caller is told to wait before posting again. */
    private static final long RETRY_AFTER_SECONDS = 5;
    /** The built-in connector whose trigger takes hook posts ({@link RequestConnector}). */
    static final String REQUEST_CONNECTOR = "request";

    private HookIntake() {}

    static CompletionStage<Void> accept(SubscriptionRun run, String token, JsonNode body, long maxBytes) {
        String id = run.id;
        checkToken(run, token);
        TriggerBinding binding = run.binding;
        if (!(binding instanceof HookReceiver receiver)) {
            throw notListening(run);
        }
        checkSize(body, maxBytes);
        return receiver.receive(id, body).handle((stored, error) -> {
            if (error == null) {
                return null;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw refused(id, cause);
        });
    }

    /**
     * Cluster mode, a subscription another node runs: the body is appended to the shared store here, and its owner
     * delivers it (it sees the new batch within its next lease pass). The owner must report its trigger ACTIVE.
     */
    static CompletionStage<Void> acceptForOwner(
            SubscriptionRun run, String token, JsonNode body, long maxBytes, TriggerStore store) {
        checkToken(run, token);
        if (!REQUEST_CONNECTOR.equals(run.record.connector()) || run.state != SubscriptionState.ACTIVE) {
            throw notListening(run);
        }
        checkSize(body, maxBytes);
        try {
            store.append(run.id, Envelopes.array(Collections.singletonList(body)));
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            throw refused(run.id, e);
        }
    }

    private static void checkToken(SubscriptionRun run, String token) {
        byte[] expected = run.record.token().getBytes(StandardCharsets.UTF_8);
        byte[] given = (token == null ? "" : token).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new SubscriptionException(401, "InvalidToken", "The subscription's token is missing or wrong.");
        }
    }

    private static SubscriptionException notListening(SubscriptionRun run) {
        return new SubscriptionException(
                409,
                "NotListening",
                "Subscription " + run.id + " is " + run.state
                        + (run.reason == null ? "" : " (" + run.reason + ")")
                        + "; only an ACTIVE httpWebhook trigger accepts hooks.");
    }

    private static void checkSize(JsonNode body, long maxBytes) {
        if (body != null && PendingUsage.utf8Length(body.toString()) > maxBytes) {
            throw new SubscriptionException(
                    413,
                    "HookBodyTooLarge",
                    "A hook body may be at most " + maxBytes + " bytes (as JSON; hook.max.bytes of "
                            + SubscriptionManager.PID + ").");
        }
    }

    private static RuntimeException refused(String id, Throwable cause) {
        if (cause instanceof StoreFullException) {
            return new SubscriptionException(
                    429,
                    "SubscriptionBacklogFull",
                    "Subscription " + id + " holds as "
                            + "many undelivered events as it may (max.pending.batches / max.pending.bytes of "
                            + SubscriptionManager.PID
                            + "); this one was not stored. Send it again once its receiver "
                            + "has caught up.",
                    RETRY_AFTER_SECONDS);
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
