package dev.switchboard.host.internal.dispatch;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficRollback;
import dev.switchboard.host.api.TrafficSplit;
import dev.switchboard.host.internal.views.TrafficJson;

/**
 * The traffic splits kept across restarts, in {@code <home>/data/traffic.json}: one object per connector id, in the
 * shape of the REST API's body ({@code weights}, {@code sticky}, {@code rollbackOn}) plus {@code rolledBack} when the
 * guard has fired. Written whole, to a temporary file moved over the old one, so a crash leaves one or the other.
 */
final class TrafficFile {

    /** A split read back, with the rollback that had happened. */
    record Saved(TrafficSplit split, TrafficRollback rollback) {}

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;

    TrafficFile(Path file) {
        this.file = file;
    }

    /** {@code <home>/data/traffic.json}. */
    static TrafficFile in(String home) {
        return new TrafficFile(
                Path.of(home).toAbsolutePath().normalize().resolve("data").resolve("traffic.json"));
    }

    Path path() {
        return file;
    }

    /** The splits saved, by connector id; none when there is no file yet. */
    Map<String, Saved> read() throws IOException {
        Map<String, Saved> result = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return result;
        }
        JsonNode root = MAPPER.readTree(file.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            Map<String, Double> weights = new LinkedHashMap<>();
            node.path("weights")
                    .fields()
                    .forEachRemaining(w -> weights.put(w.getKey(), w.getValue().asDouble()));
            JsonNode guard = node.path("rollbackOn");
            TrafficGuard rollbackOn = guard.isObject()
                    ? new TrafficGuard(
                            guard.path("errorRate").asDouble(),
                            TrafficGuard.parseWindow(guard.path("window").asText()),
                            guard.path("minCalls").asInt())
                    : null;
            JsonNode back = node.path("rolledBack");
            TrafficRollback rollback = back.isObject()
                    ? new TrafficRollback(
                            back.path("from").asText(),
                            back.path("to").asText(),
                            Instant.parse(back.path("at").asText()),
                            back.path("reason").asText())
                    : null;
            result.put(
                    entry.getKey(),
                    new Saved(
                            new TrafficSplit(
                                    weights,
                                    "connection".equals(node.path("sticky").asText(null)),
                                    rollbackOn),
                            rollback));
        }
        return result;
    }

    void write(Collection<ConnectorTraffic> splits) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        for (ConnectorTraffic traffic : splits) {
            ObjectNode node = root.putObject(traffic.connectorId());
            ObjectNode weights = node.putObject("weights");
            traffic.split().weights().forEach(weights::put);
            if (traffic.split().stickyPerConnection()) {
                node.put("sticky", "connection");
            }
            if (traffic.split().rollbackOn() != null) {
                TrafficJson.putGuard(node, traffic.split().rollbackOn());
            }
            TrafficJson.putRollback(node, traffic.rollback());
        }
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), root);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
