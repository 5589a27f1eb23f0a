package dev.switchboard.triggers.internal;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.triggers.api.SubscriptionException;
import dev.switchboard.triggers.api.SubscriptionRequest;

/**
 * Checks a {@link SubscriptionRequest} against the catalog (an ACTIVE connector version with that trigger operation),
 * the operation's inputs schema and its connector's own checks, the stored connections and the webhook URL, and turns
 * it into a new {@link SubscriptionRecord} (an id and a hook token of its own, no start yet). Each refusal is a
 * {@link SubscriptionException} that says what to change.
 */
final class RequestValidator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectorCatalog catalog;
    private final ConnectionStore connections;
    private final TargetResolver targets;
    private final InputSchemas schemas;

    RequestValidator(
            ConnectorCatalog catalog, ConnectionStore connections, TargetResolver targets, InputSchemas schemas) {
        this.catalog = catalog;
        this.connections = connections;
        this.targets = targets;
        this.schemas = schemas;
    }

    SubscriptionRecord validate(SubscriptionRequest request) {
        String connector = required(request.connector(), "connector");
        String operationId = required(request.operation(), "operation");
        JsonNode parameters =
                request.parameters() == null ? JsonNodeFactory.instance.objectNode() : request.parameters();
        if (!parameters.isObject()) {
            throw new SubscriptionException(400, "InvalidSubscription", "parameters must be a JSON object.");
        }
        ConnectorEntry entry = entry(connector, request.version());
        ServiceOperation operation = entry.operation(operationId);
        if (operation == null) {
            throw new SubscriptionException(
                    404,
                    "OperationNotFound",
                    "Connector " + connector + "@" + entry.version() + " has no operation '" + operationId + "'.");
        }
        if (!operation.isTrigger()) {
            throw new SubscriptionException(
                    400,
                    "NotATrigger",
                    "Operation " + operationId + " of connector " + connector
                            + " is an action; subscribe to a trigger.");
        }
        List<String> problems = schemas.problems(
                operation.manifest() == null ? null : operation.manifest().inputs(), parameters);
        if (!problems.isEmpty()) {
            throw new SubscriptionException(
                    400,
                    "InvalidInput",
                    "The parameters do not match the inputs schema of " + operationId + ": "
                            + String.join("; ", problems));
        }
        if (targets.providerOf(entry) instanceof InputCheck check) {
            List<String> invalid = check.problems(operationId, parameters);
            if (!invalid.isEmpty()) {
                throw new SubscriptionException(
                        400,
                        "InvalidInput",
                        "The parameters of " + operationId + " are not valid: " + String.join("; ", invalid));
            }
        }
        JsonNode connection = request.connection();
        checkConnection(connection);
        checkWebhook(request.webhook());
        return new SubscriptionRecord(
                UUID.randomUUID().toString(),
                connector,
                request.version(),
                operationId,
                connection,
                parameters,
                request.webhook(),
                token(),
                System.currentTimeMillis(),
                null);
    }

    private ConnectorEntry entry(String connector, String version) {
        try {
            return catalog.snapshot()
                    .select(connector, version, true)
                    .orElseThrow(() -> new SubscriptionException(
                            404,
                            "ConnectorNotFound",
                            "No ACTIVE version of connector '" + connector + "'"
                                    + (version == null ? "" : " matches " + version) + "."));
        } catch (IllegalArgumentException e) {
            throw new SubscriptionException(400, "InvalidVersion", "version must be a version or an OSGi range.");
        }
    }

    private void checkConnection(JsonNode connection) {
        if (connection != null && connection.isTextual()) {
            if (connections.get(connection.asText()).isEmpty()) {
                throw new SubscriptionException(
                        404, "ConnectionNotFound", "There is no connection named '" + connection.asText() + "'.");
            }
        } else if (connection != null && !connection.isNull() && !connection.isObject()) {
            throw new SubscriptionException(
                    400,
                    "InvalidSubscription",
                    "connection must be the name of a connection or an object of connection parameters.");
        }
    }

    private static void checkWebhook(String webhook) {
        if (webhook == null) {
            return;
        }
        try {
            URI uri = URI.create(webhook);
            if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new SubscriptionException(400, "InvalidTarget", "target.webhook must be an http(s) URL.");
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new SubscriptionException(400, "InvalidSubscription", name + " is required.");
        }
        return value;
    }

    private static String token() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
