package dev.switchboard.host.internal.views;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.service.component.annotations.Component;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;
import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficStatus;

/** The host's {@link JsonViews}: one strict mapper, and the shapes the REST API, console and shell show. */
@Component(service = JsonViews.class)
public final class JacksonViews implements JsonViews {

    private final ObjectMapper mapper = JsonViews.strictMapper();

    @Override
    public ObjectMapper mapper() {
        return mapper;
    }

    @Override
    public ObjectNode connectorSummary(ConnectorEntry entry) {
        ServiceOperationApi.Properties properties =
                entry.service() == null ? null : entry.service().properties();
        ObjectNode node = mapper.createObjectNode();
        node.put("id", entry.id());
        node.put("version", entry.version());
        node.put(
                "displayName",
                properties == null || properties.displayName() == null ? entry.id() : properties.displayName());
        node.put("description", properties == null ? null : properties.description());
        ArrayNode capabilities = node.putArray("capabilities");
        if (properties != null) {
            properties.capabilities().forEach(capabilities::add);
        }
        node.put("state", entry.state().name());
        putIfPresent(node, "reason", entry.reason());
        node.put("operationCount", entry.operations().size());
        node.set("bundle", bundle(entry.bundle()));
        return node;
    }

    @Override
    public ObjectNode connectorDetail(ConnectorEntry entry, List<ConnectorEntry> versions) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", entry.id());
        node.put("version", entry.version());
        node.put("state", entry.state().name());
        putIfPresent(node, "reason", entry.reason());
        ArrayNode versionList = node.putArray("versions");
        versions.forEach(v -> versionList.add(v.version()));
        node.set("service", mapper.valueToTree(entry.service()));
        return node;
    }

    @Override
    public ObjectNode operation(ServiceOperation operation, boolean expand) {
        return mapper.valueToTree(expand ? operation : operation.withoutManifest());
    }

    @Override
    public ObjectNode deployment(Deployment deployment) {
        ObjectNode node = mapper.createObjectNode();
        node.put("file", deployment.file());
        node.put("state", deployment.state().name());
        if (deployment.bundle() != null) {
            node.set("bundle", bundle(deployment.bundle()));
        }
        ArrayNode connectors = node.putArray("connectors");
        deployment.connectors().forEach(connectors::add);
        putIfPresent(node, "reason", deployment.reason());
        putIfPresent(node, "pid", deployment.pid());
        return node;
    }

    @Override
    public ObjectNode bundle(BundleInfo bundle) {
        if (bundle == null) {
            return null;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("id", bundle.id());
        node.put("symbolicName", bundle.symbolicName());
        node.put("version", bundle.version());
        node.put("location", bundle.location());
        return node;
    }

    @Override
    public ObjectNode error(Failure failure) {
        return mapper.valueToTree(Failures.body(failure));
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    @Override
    public ObjectNode traffic(TrafficStatus status) {
        ObjectNode node = mapper.createObjectNode();
        node.put("connector", status.connectorId());
        ObjectNode weights = node.putObject("weights");
        status.split().weights().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
                .forEach(w -> {
                    double value = w.getValue();
                    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                        weights.put(w.getKey(), (long) value);
                    } else {
                        weights.put(w.getKey(), value);
                    }
                });
        node.put("sticky", status.split().stickyPerConnection() ? "connection" : null);
        TrafficGuard guard = status.split().rollbackOn();
        if (guard == null) {
            node.putNull("rollbackOn");
        } else {
            TrafficJson.putGuard(node, guard);
            node.putObject("guard")
                    .put("version", status.guardedVersion())
                    .put("previousVersion", status.previousVersion())
                    .put("windowCalls", status.windowCalls())
                    .put("windowFailures", status.windowFailures());
        }
        TrafficJson.putRollback(node, status.rollback());
        return node;
    }

    @Override
    public ObjectNode logLine(ConnectorLogLine line) {
        return mapper.createObjectNode()
                .put("time", line.time().toString())
                .put("level", line.level().name())
                .put("logger", line.logger())
                .put("message", line.message())
                .put("version", line.version())
                .put("traceId", line.traceId());
    }
}
