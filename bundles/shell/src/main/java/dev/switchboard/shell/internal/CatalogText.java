package dev.switchboard.shell.internal;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.connector.api.OperationManifest;
import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.InvocationException;

/**
 * The catalog as the shell prints it: the connector versions, one version's metadata and its operations, chosen by
 * id and optional version the way the REST API chooses them.
 */
final class CatalogText {

    private CatalogText() {}

    /** Every registered connector version, one a row. */
    static String list(CatalogSnapshot snapshot) {
        TextTable table = new TextTable("ID", "VERSION", "STATE", "OPS", "CAPABILITIES", "BUNDLE", "REASON");
        for (ConnectorEntry c : snapshot.connectors()) {
            ServiceOperationApi.Properties p =
                    c.service() == null ? null : c.service().properties();
            table.row(
                    c.id(),
                    c.version(),
                    c.state(),
                    c.operations().size(),
                    p == null ? "" : String.join(",", p.capabilities()),
                    c.bundle() == null
                            ? ""
                            : c.bundle().symbolicName() + " [" + c.bundle().id() + "]",
                    c.reason());
        }
        return table.toString() + snapshot.connectors().size() + " connector version(s), catalog revision "
                + snapshot.revision();
    }

    /** The metadata and connection parameters (never values) of one connector version. */
    static String info(CatalogSnapshot snapshot, String id, ConnectorEntry entry) {
        StringBuilder out = new StringBuilder();
        ServiceOperationApi service = entry.service();
        ServiceOperationApi.Properties p = service == null ? null : service.properties();
        out.append(id)
                .append(' ')
                .append(entry.version())
                .append("  ")
                .append(entry.state())
                .append('\n');
        if (entry.reason() != null) {
            out.append("reason:       ").append(entry.reason()).append('\n');
        }
        if (p != null) {
            out.append("display name: ").append(nullToEmpty(p.displayName())).append('\n');
            out.append("description:  ").append(nullToEmpty(p.description())).append('\n');
            out.append("service id:   ").append(nullToEmpty(service.id())).append('\n');
            out.append("capabilities: ")
                    .append(String.join(", ", p.capabilities()))
                    .append('\n');
        }
        if (entry.bundle() != null) {
            out.append("bundle:       ")
                    .append(entry.bundle().symbolicName())
                    .append(' ')
                    .append(entry.bundle().version())
                    .append(" [")
                    .append(entry.bundle().id())
                    .append("] ")
                    .append(entry.bundle().location())
                    .append('\n');
        }
        out.append("versions:     ")
                .append(String.join(
                        ", ",
                        snapshot.versionsOf(id).stream()
                                .map(v -> v.version() + " " + v.state())
                                .toList()))
                .append('\n');
        out.append("operations:   ").append(entry.operations().size()).append('\n');
        if (p != null && !p.connectionParameters().isEmpty()) {
            TextTable table = new TextTable("CONNECTION PARAMETER", "TYPE", "REQUIRED", "DISPLAY NAME");
            for (Map.Entry<String, ConnectionParameter> cp :
                    p.connectionParameters().entrySet()) {
                ConnectionParameter parameter = cp.getValue();
                table.row(
                        cp.getKey(),
                        parameter.type() + (parameter.secure() ? " (secure)" : ""),
                        parameter.required() ? "yes" : "",
                        parameter.uiDefinition().displayName());
            }
            out.append('\n').append(table);
        }
        return out.toString().stripTrailing();
    }

    /** The operations of one connector version, with their inputs (required ones starred). */
    static String operations(String id, ConnectorEntry entry) {
        TextTable table = new TextTable("OPERATION", "KIND", "SUMMARY", "INPUTS (* required)");
        for (ServiceOperation op : entry.operations()) {
            table.row(
                    op.name(),
                    op.isTrigger() ? "trigger" : "action",
                    op.properties() == null ? "" : op.properties().summary(),
                    inputs(op.manifest()));
        }
        return table.toString() + id + " " + entry.version() + ": "
                + entry.operations().size() + " operation(s)";
    }

    static ConnectorEntry select(CatalogSnapshot snapshot, String id, String version) {
        if (snapshot.versionsOf(id).isEmpty()) {
            throw new InvocationException(
                    Failure.Reason.NOT_FOUND, "ConnectorNotFound", "No connector '" + id + "' is registered");
        }
        try {
            // like the API: without a version the highest ACTIVE one, else the highest of any state
            return (version == null
                            ? snapshot.select(id, null, true).or(() -> snapshot.select(id, null, false))
                            : snapshot.select(id, version, false))
                    .orElseThrow(() -> new InvocationException(
                            Failure.Reason.NOT_FOUND,
                            "VersionNotFound",
                            "Connector '" + id + "' has no version matching " + version));
        } catch (IllegalArgumentException e) {
            throw new InvocationException(
                    Failure.Reason.INVALID_REQUEST, "InvalidVersion", "Not a version or version range: " + version);
        }
    }

    private static String inputs(OperationManifest manifest) {
        JsonNode inputs = manifest == null ? null : manifest.inputs();
        if (inputs == null) {
            return "";
        }
        Set<String> required = new HashSet<>();
        inputs.path("required").forEach(r -> required.add(r.asText()));
        StringBuilder names = new StringBuilder();
        inputs.path("properties")
                .fieldNames()
                .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ")
                        .append(n)
                        .append(required.contains(n) ? "*" : ""));
        return names.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
