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

    /**
     * Reports that the binding runs but cannot read its source now (the database is unreachable, the folder is gone).
     * The host shows the subscription as {@code FAILING} with {@code reason} until {@link #recovered()}; the binding
     * keeps retrying on its own, with a backoff. Calling it again with the same reason is cheap. Since 1.3.0.
     *
     * @param reason for a person, without secrets (no connection string, password or driver text that repeats them)
     */
    default void failing(String reason) {}

    /** The source can be read again after {@link #failing}: the subscription is shown ACTIVE. Since 1.3.0. */
    default void recovered() {}
}
