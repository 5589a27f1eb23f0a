package dev.switchboard.connector.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A connector's whole description as data: {@code {"service": <ServiceOperationApi>, "operations": [<ServiceOperation>]}},
 * typically a {@code manifest.json} resource in the connector bundle, read once. Immutable.
 *
 * @param service    the connector's metadata and connection parameters
 * @param operations the operations with their manifests
 */
public record ConnectorManifest(ServiceOperationApi service, List<ServiceOperation> operations) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ConnectorManifest {
        Objects.requireNonNull(service, "service");
        operations = List.copyOf(operations);
    }

    /** From the JSON shape above (a connector may adjust the tree first, e.g. to write a configured limit in). */
    public static ConnectorManifest fromJson(JsonNode json) {
        try {
            return new ConnectorManifest(
                    MAPPER.treeToValue(json.get("service"), ServiceOperationApi.class),
                    List.of(MAPPER.treeToValue(json.get("operations"), ServiceOperation[].class)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a connector manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code resource} beside {@code owner} (as {@link Class#getResourceAsStream} finds it).
     *
     * @throws IllegalStateException when the resource is missing
     * @throws UncheckedIOException  when it cannot be read
     */
    public static ConnectorManifest read(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + owner.getName());
            }
            return fromJson(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** What {@link ServiceOperationsProvider#getOperations(boolean)} answers: summaries unless expanded. */
    public List<ServiceOperation> operations(boolean expandManifest) {
        return expandManifest
                ? operations
                : operations.stream().map(ServiceOperation::withoutManifest).toList();
    }
}
