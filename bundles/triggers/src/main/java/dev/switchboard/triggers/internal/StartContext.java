package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@link dev.switchboard.connector.api.TriggerBinding#startPosition} gets: the subscription's inputs and
 * connection; nothing runs yet, so its sink refuses events and its checkpoints are empty.
 */
final class StartContext extends BindingContext {

    StartContext(SubscriptionRecord record, Target target, String information) {
        super(record, target, information);
    }

    @Override
    public CompletionStage<Void> emit(List<JsonNode> events) {
        return CompletableFuture.failedFuture(new IllegalStateException(
                "subscription " + subscriptionId() + " is being created; it emits once it runs"));
    }

    @Override
    public String get() {
        return null;
    }

    @Override
    public void put(String checkpoint) {
        // the returned start position is what is stored
    }
}
