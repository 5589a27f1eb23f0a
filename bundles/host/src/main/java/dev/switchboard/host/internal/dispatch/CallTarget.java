package dev.switchboard.host.internal.dispatch;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.internal.catalog.ProviderRegistration;

/** What a call resolved to: the connector version, its provider and the operation. */
record CallTarget(ConnectorEntry entry, ProviderRegistration registration, ServiceOperation operation) {

    String label() {
        return "Operation " + operation.name() + " of connector " + entry.id() + "@" + entry.version();
    }
}
