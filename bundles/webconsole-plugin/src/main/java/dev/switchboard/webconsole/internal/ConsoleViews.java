package dev.switchboard.webconsole.internal;

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
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Deployment;

/**
 * The JSON the page renders from. Every string in it is data: the page puts it into the DOM as text, never as
 * markup. Connection parameter values never appear here (the catalog has none), only their declarations.
 */
final class ConsoleViews {

    private final ObjectMapper mapper;

    ConsoleViews(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** What the page polls: changes whenever the overview would. */
    ObjectNode revision(CatalogSnapshot snapshot, List<Deployment> deployments) {
        ObjectNode node = mapper.createObjectNode();
        node.put("revision", snapshot.revision());
        node.put("deployments", deployments.hashCode());
        return node;
    }

    /** Every connector version and every deploy-folder file. */
    ObjectNode overview(CatalogSnapshot snapshot, List<Deployment> deployments, String deployFolder) {
        ObjectNode node = revision(snapshot, deployments);
        node.put("deployFolder", deployFolder);
        ArrayNode connectors = node.putArray("connectors");
        for (ConnectorEntry entry : snapshot.connectors()) {
            ObjectNode c = connectors.addObject();
            ServiceOperationApi.Properties p = properties(entry);
            c.put("id", entry.id());
            c.put("version", entry.version());
            c.put("displayName", p == null || p.displayName() == null ? entry.id() : p.displayName());
            c.put("description", p == null ? null : p.description());
            c.put("state", entry.state().name());
            c.put("reason", entry.reason());
            c.put("operationCount", entry.operations().size());
            ArrayNode capabilities = c.putArray("capabilities");
            if (p != null) {
                p.capabilities().forEach(capabilities::add);
            }
            c.set("bundle", bundle(entry.bundle()));
        }
        ArrayNode files = node.putArray("deployments");
        for (Deployment d : deployments) {
            ObjectNode f = files.addObject();
            f.put("file", d.file());
            f.put("state", d.state().name());
            f.put("reason", d.reason());
            f.set("bundle", bundle(d.bundle()));
            ArrayNode provided = f.putArray("connectors");
            d.connectors().forEach(provided::add);
        }
        return node;
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

    private ObjectNode version(ConnectorEntry entry) {
        ObjectNode v = mapper.createObjectNode();
        v.put("version", entry.version());
        v.put("state", entry.state().name());
        v.put("reason", entry.reason());
        v.set("bundle", bundle(entry.bundle()));
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
            for (Map.Entry<String, ConnectionParameter> e : p.connectionParameters().entrySet()) {
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

    private JsonNode bundle(BundleInfo bundle) {
        return bundle == null ? null : mapper.valueToTree(bundle);
    }

    private static ServiceOperationApi.Properties properties(ConnectorEntry entry) {
        return entry.service() == null ? null : entry.service().properties();
    }
}
