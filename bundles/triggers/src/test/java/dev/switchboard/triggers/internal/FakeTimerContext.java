package dev.switchboard.triggers.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerContext;

/** A trigger context whose sink hands the events to a consumer (which may throw to refuse them). */
final class FakeTimerContext implements TriggerContext, EventSink, CheckpointStore {

    private final JsonNode inputs;
    private final Consumer<List<JsonNode>> consumer;
    private volatile String checkpoint;

    FakeTimerContext(JsonNode inputs, Consumer<List<JsonNode>> consumer) {
        this.inputs = inputs;
        this.consumer = consumer;
    }

    @Override
    public String subscriptionId() {
        return "s";
    }

    @Override
    public String connectorId() {
        return "schedule";
    }

    @Override
    public String operationId() {
        return "recurrence";
    }

    @Override
    public String connectionInformation() {
        return null;
    }

    @Override
    public JsonNode inputs() {
        return inputs;
    }

    @Override
    public JsonNode triggerDefinition() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Override
    public EventSink sink() {
        return this;
    }

    @Override
    public CheckpointStore checkpoints() {
        return this;
    }

    @Override
    public CompletionStage<Void> emit(List<JsonNode> events) {
        try {
            consumer.accept(events);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public String get() {
        return checkpoint;
    }

    @Override
    public void put(String value) {
        checkpoint = value;
    }
}
