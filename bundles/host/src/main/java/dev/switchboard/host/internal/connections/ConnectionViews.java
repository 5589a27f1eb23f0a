package dev.switchboard.host.internal.connections;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.NamedConnection;

/**
 * What is shown of a stored connection: its values as written, secrets masked, and the one problem that keeps it
 * from being used, checked against its connector and the values ConfigAdmin delivered.
 */
final class ConnectionViews {

    private final ConnectorCatalog catalog;
    private final Deliveries deliveries;
    private final References references;

    ConnectionViews(ConnectorCatalog catalog, Deliveries deliveries, References references) {
        this.catalog = catalog;
        this.deliveries = deliveries;
        this.references = references;
    }

    NamedConnection view(StoredConnection stored) {
        String connector = stored.connector();
        Optional<ConnectorEntry> entry =
                connector == null ? Optional.empty() : catalog.snapshot().highestActive(connector);
        Map<String, ConnectionParameter> declared =
                entry.map(ConnectionRules::declared).orElse(Map.of());
        return new NamedConnection(
                stored.name(),
                connector,
                ConnectionRules.masked(declared, stored.properties()),
                stored.file(),
                problemOf(stored, connector, entry));
    }

    private String problemOf(StoredConnection stored, String connector, Optional<ConnectorEntry> entry) {
        String name = stored.name();
        if (!ConnectionRules.validName(name)) {
            return "The name '" + name + "' is not valid. " + ConnectionRules.nameProblem();
        }
        Object nameProperty = stored.properties().get(ConnectionRules.NAME_PROPERTY);
        if (stored.named() && nameProperty != null && !name.equals(nameProperty)) {
            return "Its name property '" + nameProperty + "' differs from its configuration name '" + name
                    + "'; the configuration name is used.";
        }
        if (connector == null || connector.isBlank()) {
            return "It names no connector: set the connector property to a connector id.";
        }
        if (entry.isEmpty()) {
            return "Connector '" + connector + "' is not installed (it has no ACTIVE version).";
        }
        Map<String, Object> values = deliveries.current(stored.pid());
        if (values == null) {
            return "It has not been delivered by ConfigAdmin yet.";
        }
        List<ErrorDetail> problems = ConnectionRules.forUse(
                        connector, ConnectionRules.declared(entry.get()), values, stored.properties(), references)
                .problems();
        return problems.isEmpty() ? null : ConnectionRules.describe(problems);
    }
}
