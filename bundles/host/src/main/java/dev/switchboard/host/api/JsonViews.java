package dev.switchboard.host.api;

import java.util.List;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osgi.annotation.versioning.ProviderType;

import dev.switchboard.connector.api.ServiceOperation;

/**
 * The JSON views of the host's model that the REST API, the console and the shell show, built in one place (as
 * Felix Health Checks publishes its serializers as services), and the one JSON configuration they read and write
 * with. A service of the host bundle. Since 1.6.0.
 */
@ProviderType
public interface JsonViews {

    /**
     * A new mapper with the one configuration every front end uses: trailing tokens and duplicate keys are errors.
     * For a class that cannot wait for this service (the public health servlet); others use {@link #mapper()}.
     */
    static ObjectMapper strictMapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** The shared {@link #strictMapper() strict} mapper; configured once, do not reconfigure it. */
    ObjectMapper mapper();

    /**
     * A connector version in a list ({@code GET /api/connectors}, the console's overview): id, version,
     * displayName, description, capabilities, state, reason (when there is one), operationCount, bundle.
     */
    ObjectNode connectorSummary(ConnectorEntry entry);

    /** The selected version of a connector with every registered version listed ({@code GET /api/connectors/{id}}). */
    ObjectNode connectorDetail(ConnectorEntry entry, List<ConnectorEntry> versions);

    /** An operation, as a summary (without its manifest) unless {@code expand}. */
    ObjectNode operation(ServiceOperation operation, boolean expand);

    /** A deploy-folder file: file, state, bundle (when there is one), connectors, reason and pid (when set). */
    ObjectNode deployment(Deployment deployment);

    /** A bundle: id, symbolicName, version, location; {@code null} for {@code null}. */
    ObjectNode bundle(BundleInfo bundle);

    /** The error body of a failure, {@link Failures#body}, as a tree: {@code {"error":{"code","message","details"}}}. */
    ObjectNode error(Failure failure);

    /**
     * A connector's canary traffic split ({@code GET /api/connectors/{id}/traffic}, the console's connector view):
     * connector, weights (newest version first), sticky, rollbackOn, the guard's window counts ({@code guard}) and
     * the automatic rollback that happened ({@code rolledBack}). Since 1.6.0.
     */
    ObjectNode traffic(TrafficStatus status);

    /**
     * A connector's log line ({@code GET /api/connectors/{id}/logs}, the console's recent log lines): time, level,
     * logger, message, version, traceId. Since 1.6.0.
     */
    ObjectNode logLine(ConnectorLogLine line);
}
