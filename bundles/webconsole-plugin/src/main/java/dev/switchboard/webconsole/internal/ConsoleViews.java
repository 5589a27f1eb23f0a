package dev.switchboard.webconsole.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.OperationManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.TrafficStatus;
import dev.switchboard.triggers.api.Backlog;
import dev.switchboard.triggers.api.Subscription;
import dev.switchboard.triggers.api.SubscriptionRequest;
import dev.switchboard.triggers.api.WebhookUrl;

/**
 * The JSON the page renders from. Every string in it is data: the page puts it into the DOM as text, never as
 * markup. Connection parameter values never appear here (the catalog has none), only their declarations; nor do a
 * subscription's hook token or connection. Connectors, files, bundles and errors are the host's {@link JsonViews},
 * as the REST API shows them; what is the page's own (the overview's envelope, the detail with schema tables,
 * subscription rows) is built here.
 */
final class ConsoleViews {

    private final JsonViews views;
    private final ObjectMapper mapper;

    ConsoleViews(JsonViews views) {
        this.views = views;
        this.mapper = views.mapper();
    }

    /**
     * The page's error answer: the API's body for the same failure ({@link JsonViews#error}) with its HTTP status
     * added, {@code {error:{code, message, details:[{target, message}], status}}}.
     */
    ObjectNode error(Failure failure) {
        ObjectNode body = views.error(failure);
        ((ObjectNode) body.get("error")).put("status", Failures.status(failure));
        return body;
    }

    /**
     * What the page polls: changes whenever the overview would.
     *
     * @param subscriptions {@code null} when the triggers bundle is not there
     */
    ObjectNode revision(CatalogSnapshot snapshot, List<Deployment> deployments, List<Subscription> subscriptions) {
        ObjectNode node = mapper.createObjectNode();
        node.put("revision", snapshot.revision());
        node.put("deployments", deployments.hashCode());
        node.put(
                "subscriptions",
                subscriptions == null ? 0 : subscriptionRows(subscriptions).hashCode());
        return node;
    }

    /**
     * Every connector version, every deploy-folder file and every subscription.
     *
     * @param subscriptions {@code null} when the triggers bundle is not there
     */
    ObjectNode overview(
            CatalogSnapshot snapshot,
            List<Deployment> deployments,
            String deployFolder,
            List<Subscription> subscriptions) {
        ObjectNode node = revision(snapshot, deployments, subscriptions);
        node.put("deployFolder", deployFolder);
        node.put("triggers", subscriptions != null);
        ArrayNode subs = node.putArray("subscriptionList");
        if (subscriptions != null) {
            subscriptionRows(subscriptions).forEach(subs::add);
        }
        ArrayNode connectors = node.putArray("connectors");
        for (ConnectorEntry entry : snapshot.connectors()) {
            connectors.add(views.connectorSummary(entry));
        }
        ArrayNode files = node.putArray("deployments");
        for (Deployment d : deployments) {
            files.add(views.deployment(d));
        }
        return node;
    }

    /**
     * One row per subscription: id, connector, version, operation, target, state, reason and delivery counters. The
     * hook token, the connection and the inputs are left out; a webhook URL loses its user info and its query values
     * (either may carry a secret). The store columns show what the subscription holds against its bounds.
     */
    List<ObjectNode> subscriptionRows(List<Subscription> subscriptions) {
        List<ObjectNode> rows = new ArrayList<>(subscriptions.size());
        for (Subscription s : subscriptions) {
            SubscriptionRequest request = s.request();
            ObjectNode row = mapper.createObjectNode();
            row.put("id", s.id());
            row.put("connector", request == null ? null : request.connector());
            row.put(
                    "version",
                    s.runningVersion() != null ? s.runningVersion() : request == null ? null : request.version());
            row.put("operation", request == null ? null : request.operation());
            row.put("target", request == null || request.webhook() == null ? "stream" : safeUrl(request.webhook()));
            row.put("state", s.state() == null ? null : s.state().name());
            row.put("reason", s.reason());
            row.put("emitted", s.emitted());
            row.put("pending", s.pending());
            row.put("delivered", s.delivered());
            row.put("deadLettered", s.deadLettered());
            Backlog backlog = s.backlog();
            if (backlog != null) {
                row.put("pendingBytes", backlog.pendingBytes());
                row.put("maxPendingBatches", backlog.maxBatches());
                row.put("maxPendingBytes", backlog.maxBytes());
                row.put("refused", backlog.refused());
                row.put("full", backlog.full());
            }
            rows.add(row);
        }
        return rows;
    }

    /** A webhook URL as {@link WebhookUrl#masked}: no user info, query values {@code ***}, no fragment. */
    static String safeUrl(String url) {
        return WebhookUrl.masked(url);
    }

    /** Every registered version of connector {@code id}, highest first; {@code null} when there is none. */
    ObjectNode detail(CatalogSnapshot snapshot, String id) {
        List<ConnectorEntry> versions = snapshot.versionsOf(id);
        if (versions.isEmpty()) {
            return null;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("id", id);
        node.put("revision", snapshot.revision());
        ArrayNode list = node.putArray("versions");
        for (ConnectorEntry entry : versions) {
            list.add(version(entry));
        }
        return node;
    }

    /**
     * The connector's traffic split for the detail panel, the same JSON as {@code GET /api/connectors/{id}/traffic}
     * ({@link JsonViews#traffic}); {@code null} without a split.
     */
    ObjectNode traffic(TrafficStatus status) {
        return status == null ? null : views.traffic(status);
    }

    private ObjectNode version(ConnectorEntry entry) {
        ObjectNode v = mapper.createObjectNode();
        v.put("version", entry.version());
        v.put("state", entry.state().name());
        v.put("reason", entry.reason());
        v.set("bundle", views.bundle(entry.bundle()));
        ServiceOperationApi service = entry.service();
        ServiceOperationApi.Properties p = properties(entry);
        ObjectNode s = v.putObject("service");
        if (service != null) {
            s.put("name", service.name());
            s.put("id", service.id());
            s.put("type", service.type());
            s.put("displayName", p.displayName());
            s.put("description", p.description());
            s.put("brandColor", p.brandColor());
            s.put("iconUri", p.iconUri());
            ArrayNode capabilities = s.putArray("capabilities");
            p.capabilities().forEach(capabilities::add);
        }
        ArrayNode parameters = v.putArray("connectionParameters");
        if (p != null) {
            for (Map.Entry<String, ConnectionParameter> e :
                    p.connectionParameters().entrySet()) {
                ConnectionParameter cp = e.getValue();
                ObjectNode row = parameters.addObject();
                row.put("name", e.getKey());
                row.put("type", cp.type());
                row.put("displayName", cp.uiDefinition().displayName());
                row.put("description", cp.uiDefinition().description());
                row.put("required", cp.required());
                row.put("secure", cp.secure());
            }
        }
        ArrayNode operations = v.putArray("operations");
        for (ServiceOperation op : entry.operations()) {
            operations.add(operation(op));
        }
        return v;
    }

    private ObjectNode operation(ServiceOperation op) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", op.name());
        ServiceOperation.Properties p = op.properties();
        o.put("summary", p == null ? null : p.summary());
        o.put("description", p == null ? null : p.description());
        o.put("trigger", p == null ? null : p.trigger());
        OperationManifest manifest = op.manifest();
        JsonNode inputs = manifest == null ? null : manifest.inputs();
        JsonNode outputs = manifest == null ? null : manifest.outputs();
        o.set("inputs", mapper.valueToTree(SchemaTable.rows(inputs)));
        o.set("outputs", mapper.valueToTree(SchemaTable.rows(outputs)));
        o.set("template", SchemaTemplate.of(inputs));
        return o;
    }

    private static ServiceOperationApi.Properties properties(ConnectorEntry entry) {
        return entry.service() == null ? null : entry.service().properties();
    }
}
