package dev.switchboard.triggers.internal;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.api.ServiceOperationsTriggerProvider;
import dev.switchboard.connector.api.TriggerBinding;
import dev.switchboard.host.api.ConnectorEntry;

/** A subscription's runnable target: the connector version, its provider and the binding of its type. */
record Target(
        ConnectorEntry entry,
        ServiceOperation operation,
        ServiceOperationsProvider provider,
        ServiceOperationsTriggerProvider triggerProvider,
        String type,
        TriggerBinding binding)
        implements Resolution {

    /** What a running binding was started on: when it changes, the binding is restarted. */
    String identity() {
        return entry.id() + "@" + entry.version() + "#" + entry.bundle().id() + "/" + type + "#"
                + System.identityHashCode(binding);
    }
}
