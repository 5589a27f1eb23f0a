package dev.switchboard.connector.api;

import com.fasterxml.jackson.databind.JsonNode;

import org.osgi.annotation.versioning.ProviderType;

/** What the host hands a {@link TriggerBinding} for one subscription. */
@ProviderType
public interface TriggerContext {

    /** The subscription's id, stable across restarts; for logs and per-subscription resources. */
    String subscriptionId();

    /** The connector id whose trigger operation this subscription runs. */
    String connectorId();

    /** The trigger operation's name. */
    String operationId();

    /**
     * What the connector's {@link ServiceOperationsProvider#getBindingConnectionInformation} returned for the
     * subscription's connection; may be {@code null}. May contain secrets: never log it.
     */
    String connectionInformation();

    /** The trigger's inputs, already validated against the operation's inputs schema (an object, maybe empty). */
    JsonNode inputs();

    /** The fixed binding parameters from {@link ServiceOperationsTriggerProvider#getFunctionTriggerDefinition()}. */
    JsonNode triggerDefinition();

    /** Where events go. */
    EventSink sink();

    /** Durable string state of this subscription. */
    CheckpointStore checkpoints();
}
