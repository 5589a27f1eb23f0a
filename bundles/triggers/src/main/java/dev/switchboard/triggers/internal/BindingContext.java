package dev.switchboard.triggers.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.CheckpointStore;
import dev.switchboard.connector.api.EventSink;
import dev.switchboard.connector.api.TriggerContext;

/**
 * What a {@link dev.switchboard.connector.api.TriggerBinding} sees of one subscription: its inputs, connection and
 * trigger definition, fixed when the context is made; the subclasses say where events and checkpoints go.
 */
abstract class BindingContext implements TriggerContext, EventSink, CheckpointStore {

    private final String id;
    private final String connectorId;
    private final String operationId;
    private final String information;
    private final JsonNode inputs;
    private final JsonNode definition;

    BindingContext(SubscriptionRecord record, Target target, String information) {
        this.id = record.id();
        this.connectorId = record.connector();
        this.operationId = record.operation();
        this.information = information;
        this.inputs = record.parameters();
        JsonNode def = target.triggerProvider().getFunctionTriggerDefinition();
        this.definition = def == null ? JsonNodeFactory.instance.objectNode() : def.deepCopy();
    }

    @Override
    public final String subscriptionId() {
        return id;
    }

    @Override
    public final String connectorId() {
        return connectorId;
    }

    @Override
    public final String operationId() {
        return operationId;
    }

    @Override
    public final String connectionInformation() {
        return information;
    }

    @Override
    public final JsonNode inputs() {
        return inputs.deepCopy();
    }

    @Override
    public final JsonNode triggerDefinition() {
        return definition.deepCopy();
    }

    @Override
    public final EventSink sink() {
        return this;
    }

    @Override
    public final CheckpointStore checkpoints() {
        return this;
    }
}
