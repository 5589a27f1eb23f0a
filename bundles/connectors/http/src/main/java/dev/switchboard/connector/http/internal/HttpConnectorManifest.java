package dev.switchboard.connector.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.connector.api.ServiceOperation;
import dev.switchboard.connector.api.ServiceOperationApi;

/**
 * The connector's metadata and operations, from {@code manifest.json} beside this class, with the configured
 * timeout bound written into the {@code timeoutSeconds} schema so the host refuses larger values itself.
 */
record HttpConnectorManifest(ServiceOperationApi service, List<ServiceOperation> operations) {

    static HttpConnectorManifest load(ObjectMapper mapper, int maxTimeoutSeconds) {
        try (InputStream in = HttpConnectorManifest.class.getResourceAsStream("manifest.json")) {
            if (in == null) {
                throw new IllegalStateException("manifest.json is missing from the bundle");
            }
            JsonNode manifest = mapper.readTree(in);
            for (JsonNode operation : manifest.path("operations")) {
                JsonNode timeout = operation.path("properties").path("manifest").path("inputs").path("properties")
                        .path("timeoutSeconds");
                if (timeout.isObject()) {
                    ((ObjectNode) timeout).put("maximum", maxTimeoutSeconds);
                }
            }
            return new HttpConnectorManifest(mapper.treeToValue(manifest.get("service"), ServiceOperationApi.class),
                    List.of(mapper.treeToValue(manifest.get("operations"), ServiceOperation[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException("manifest.json could not be read", e);
        }
    }
}
